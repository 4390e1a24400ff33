// `render --observed`: the sync of a cluster as kubectl lists it, and which
// pods it will restart and why, on the fixtures under test/fixtures/observed/.
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import yaml from "js-yaml";
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { firstSyncRequests } from "../../lib/sync/first-sync-request.js";
import { listItems, observedSyncRequest } from "../../lib/sync/observed-request.js";
import { examplesDir, repoRoot } from "../helpers/paths.js";
import { OBSERVED_DIR, observedFixtures } from "./observed-fixtures.js";

const run = promisify(execFile);
const CLI = join(repoRoot, "dist", "cli", "kafka-hooks.js");
const EXAMPLE = join(examplesDir, "kafka", "kafka-persistent.yaml");
const RETENTION = join(OBSERVED_DIR, "kafka-retention.yaml");
const RUNNING = join(OBSERVED_DIR, "running");
const MID_ROLL = join(OBSERVED_DIR, "mid-roll.yaml");
const WAITING = "my-cluster-broker-1 cannot be restarted: orders-0 has ISR [1,2] and min.insync.replicas 2: restarting broker 1 would leave 1; "
  + "my-cluster-broker-2 cannot be restarted: orders-0 has ISR [1,2] and min.insync.replicas 2: restarting broker 2 would leave 1";

/** JSON with keys sorted, to compare objects whatever order their keys come in. */
const canonical = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v)
  ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
  : v));

const render = (...args: string[]) => run("node", [CLI, "render", "-n", "myproject", "--now", "2026-11-24T12:00:00Z", ...args], { maxBuffer: 64 * 1024 * 1024 });

t.test("the fixtures are what test/roller/observed-fixtures.ts makes (node dist/test/roller/observed-fixtures.js writes them)", async (t) => {
  for (const [path, text] of observedFixtures()) t.equal(readFileSync(join(OBSERVED_DIR, path), "utf8"), text, path);
});

t.test("the observed request: the Kafka's children, its related Secrets, and the pods aside", async (t) => {
  const [first] = firstSyncRequests(listItems(yaml.loadAll(readFileSync(EXAMPLE, "utf8"))), "myproject");
  if (!first) throw new Error("no request");
  const stranger: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "other", namespace: "myproject", ownerReferences: [{ apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", name: "other-cluster", uid: "u", controller: true }] } };
  const observed = [...listItems(yaml.loadAll(readFileSync(MID_ROLL, "utf8"))), stranger];
  const { request, pods } = observedSyncRequest(first, observed);
  const keys = (type: string) => Object.keys(request.children[type] ?? {});
  t.strictSame(keys("StrimziPodSet.core.strimzi.io/v1"), ["myproject/my-cluster-broker", "myproject/my-cluster-controller"]);
  t.equal(keys("ConfigMap.v1").length, 6 + 2, "the nodes' and the Entity Operator's ConfigMaps, not another cluster's");
  t.equal(keys("Secret.v1").length, 12 + 2, "the four CA Secrets, the trust bundle, six nodes', the operator's and the Entity Operator's two");
  t.strictSame(Object.keys(request.related["Secret.v1"] ?? {}).sort(), [
    "myproject/my-cluster-clients-ca", "myproject/my-cluster-clients-ca-cert", "myproject/my-cluster-cluster-ca", "myproject/my-cluster-cluster-ca-cert",
  ], "the Secrets the customize hook would relate");
  t.strictSame(Object.keys(request.related["KafkaNodePool.kafka.strimzi.io/v1"] ?? {}), ["myproject/controller", "myproject/broker"], "pools from the rendered file");
  t.equal(pods.length, 6);
  t.strictSame(listItems([{ kind: "List", items: [{ kind: "PodList", items: [{ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } }] }, { kind: "Pod" }] }]),
    [{ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } }], "nested lists flattened; objects without a name dropped");
});

t.test("a running cluster rendered unchanged: nothing restarts, and the children are those observed", async (t) => {
  const { stdout, stderr } = await render("-f", EXAMPLE, "--observed", RUNNING);
  t.equal(stderr, "myproject/my-cluster: no pod will restart\n");
  // The preview masks the certificate hashes (lib/sync/preview.ts).
  const specs = (objects: KubeObject[]) => objects.filter((o) => o.kind === "StrimziPodSet")
    .map((o) => canonical(o["spec"]).replace(/"strimzi.io\/server-cert-hash":"[^"]*"/g, ""));
  t.strictSame(specs(listItems(yaml.loadAll(stdout))), specs(listItems(yaml.loadAll(readFileSync(join(RUNNING, "strimzipodsets.yaml"), "utf8")))));
});

t.test("a configuration change restarts every pod, controllers first", async (t) => {
  const { stderr } = await render("-f", RETENTION, "--observed", RUNNING);
  t.equal(stderr, [
    "myproject/my-cluster: 6 pods will restart",
    "  my-cluster-controller-3  CONFIG_CHANGE_REQUIRES_RESTART",
    "  my-cluster-controller-4  CONFIG_CHANGE_REQUIRES_RESTART",
    "  my-cluster-controller-5  CONFIG_CHANGE_REQUIRES_RESTART",
    "  my-cluster-broker-0      CONFIG_CHANGE_REQUIRES_RESTART",
    "  my-cluster-broker-1      CONFIG_CHANGE_REQUIRES_RESTART",
    "  my-cluster-broker-2      CONFIG_CHANGE_REQUIRES_RESTART",
    "",
  ].join("\n"));
});

t.test("in the middle of a roll: the pods still out of date, and why the roller waits; --restarts for tools", async (t) => {
  const { stdout, stderr } = await render("-f", RETENTION, "--observed", MID_ROLL, "--restarts");
  t.equal(stderr, [
    "myproject/my-cluster: 2 pods will restart",
    "  my-cluster-broker-1  CONFIG_CHANGE_REQUIRES_RESTART",
    "  my-cluster-broker-2  CONFIG_CHANGE_REQUIRES_RESTART",
    `  the roller last reported waiting (AvailabilityCheckFailed since 2026-11-24T11:58:00.000Z): ${WAITING}`,
    "",
  ].join("\n"));
  const documents = yaml.loadAll(stdout) as Array<{ kind?: string }>;
  t.strictSame(documents[documents.length - 1], {
    kind: "Restarts",
    of: "myproject/my-cluster",
    pods: [
      { pod: "my-cluster-broker-1", reasons: ["CONFIG_CHANGE_REQUIRES_RESTART"], when: "now" },
      { pod: "my-cluster-broker-2", reasons: ["CONFIG_CHANGE_REQUIRES_RESTART"], when: "now" },
    ],
    waiting: { reason: "AvailabilityCheckFailed", message: WAITING, since: "2026-11-24T11:58:00.000Z" },
  });
});

t.test("undoing the change in the middle of a roll: the pods not rolled yet need nothing, the others roll back", async (t) => {
  const { stderr } = await render("-f", EXAMPLE, "--observed", MID_ROLL);
  t.equal(stderr.split("\n").slice(0, 5).join("\n"), [
    "myproject/my-cluster: 4 pods will restart",
    "  my-cluster-controller-3  CONFIG_CHANGE_REQUIRES_RESTART",
    "  my-cluster-controller-4  CONFIG_CHANGE_REQUIRES_RESTART",
    "  my-cluster-controller-5  CONFIG_CHANGE_REQUIRES_RESTART",
    "  my-cluster-broker-0      CONFIG_CHANGE_REQUIRES_RESTART",
  ].join("\n"));
});

t.test("certificate restarts outside the maintenance window say when they happen", async (t) => {
  const objects = listItems(yaml.loadAll(readFileSync(EXAMPLE, "utf8")));
  const withWindow = objects.map((o) => (o.kind === "Kafka" ? { ...o, spec: { ...(o["spec"] as object), maintenanceTimeWindows: ["* * 2-3 ? * *"] } } : o));
  const file = join(t.testdir(), "kafka.yaml");
  writeFileSync(file, withWindow.map((o) => yaml.dump(o)).join("---\n"));
  // A year on, the cluster CA is inside its renewal window.
  const { stderr } = await render("-f", file, "--observed", RUNNING, "--now", "2027-11-20T12:00:00Z");
  const line = (pod: string) => `  ${pod.padEnd(23)}  CA_CERT_HAS_OLD_GENERATION, KAFKA_CERTIFICATES_CHANGED (in the maintenance window opening at 2027-11-21T02:00:00.000Z)`;
  t.equal(stderr, [
    "myproject/my-cluster: 6 pods will restart",
    ...["my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5", "my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"].map(line),
    "",
  ].join("\n"));
});

t.test("usage", async (t) => {
  await t.rejects(render("-f", EXAMPLE, "--restarts"), { code: 2 }, "--restarts needs --observed");
  const { stderr } = await render("-f", EXAMPLE);
  t.equal(stderr, "", "without --observed, no report");
});
