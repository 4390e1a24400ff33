// One Cruise Control client per cluster from its Secrets: what is missing is
// named, the Secrets are read once within their age and again after it or
// after a failed call, and plain HTTP or no authentication follow the Kafka's
// Cruise Control config.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { CruiseControlConnections } from "../../sidecar/rebalance/connections.js";
import { FakeTimers } from "../helpers/fake-timers.js";

const CLUSTER = { namespace: "myproject", name: "my-cluster" };
const kafka = (config: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: "my-cluster", namespace: "myproject" }, spec: { cruiseControl: { config } } });

function connections(secrets: Record<string, Record<string, string>>) {
  const reads: string[] = [];
  const timers = new FakeTimers();
  const pool = new CruiseControlConnections({
    readSecret: async (namespace, name) => { reads.push(`${namespace}/${name}`); return secrets[name]; },
    maxAgeMs: 30_000,
    timers,
  });
  t.teardown(() => pool.closeAll());
  return { pool, reads, timers };
}

const SECRETS = { "my-cluster-cluster-ca-cert": { "ca.crt": "PEM" }, "my-cluster-cruise-control-api": { "rebalance-operator.password": "secret" } };

t.test("a missing Secret or key is named, with Strimzi's message where it has one", async (t) => {
  const problem = async (secrets: Record<string, Record<string, string>>, config = {}) => {
    const connection = await connections(secrets).pool.forCluster(CLUSTER, kafka(config));
    return "problem" in connection ? connection.problem : "client";
  };
  t.strictSame(await problem({}), { reason: "RuntimeException", message: "Secret myproject/my-cluster-cluster-ca-cert does not exist" });
  t.strictSame(await problem({ "my-cluster-cluster-ca-cert": { "ca.crt": "PEM" } }), { reason: "RuntimeException", message: "Secret myproject/my-cluster-cruise-control-api does not exist" });
  t.strictSame(await problem({ ...SECRETS, "my-cluster-cruise-control-api": {} }), { reason: "RuntimeException", message: "Secret myproject/my-cluster-cruise-control-api has no key rebalance-operator.password" });
  t.equal(await problem({ ...SECRETS, "my-cluster-cruise-control-api": {} }, { "webserver.security.enable": false }), "client", "no password needed without authentication");
});

t.test("the Secrets are read once within their age, again after it or after a failed call", async (t) => {
  const { pool, reads, timers } = connections(SECRETS);
  const first = await pool.forCluster(CLUSTER, kafka());
  t.equal((await pool.forCluster(CLUSTER, kafka())), first, "the same client");
  t.equal(reads.length, 2);
  await timers.advance(30_000);
  t.equal(await pool.forCluster(CLUSTER, kafka()), first, "read again, unchanged: the same client");
  t.equal(reads.length, 4);
  pool.forget(CLUSTER);
  t.not(await pool.forCluster(CLUSTER, kafka()), first, "a new client after a failed call");
  t.equal(reads.length, 6);
  t.not(await pool.forCluster(CLUSTER, kafka({ "webserver.ssl.enable": "false" })), first, "TLS turned off: a new client");
  const connection = await pool.forCluster(CLUSTER, kafka());
  t.equal("endpoint" in connection && connection.endpoint, "my-cluster-cruise-control.myproject.svc:9090");
});
