// The process kubelet's names: what the hosts file says and what the test
// process's lookups answer, for pods and for Services by selector.
import { mkdtempSync, readFileSync } from "node:fs";
import dns from "node:dns";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import type { Pod, Service } from "../../lib/api/kubernetes.js";
import { PodNetwork } from "./pod-network.js";

const pod = (name: string, labels: Record<string, string>): Pod => ({
  apiVersion: "v1", kind: "Pod",
  metadata: { name, namespace: "ns", labels },
  spec: { hostname: name, subdomain: "c-kafka-brokers", containers: [] },
});
const service = (name: string, selector: Record<string, string>, headless = false): Service => ({
  apiVersion: "v1", kind: "Service",
  metadata: { name, namespace: "ns" },
  spec: { selector, ...(headless ? { clusterIP: "None", publishNotReadyAddresses: true } : {}) },
});

/** dns.lookup as net.connect calls it (read at call time, so the installed lookup answers). */
const lookup = (host: string, options: dns.LookupOptions = {}): Promise<unknown> => new Promise((resolve, reject) => {
  dns.lookup(host, options, (error, address, family) => (error ? reject(error) : resolve(options.all ? address : { address, family })));
});

t.test("pods get stable loopback addresses and their DNS names; Services resolve to the pods they select", async (t) => {
  const hosts = join(mkdtempSync(join(tmpdir(), "pod-network-")), "hosts");
  const network = new PodNetwork(hosts);
  const a = network.addressOf("ns", "c-broker-0");
  const b = network.addressOf("ns", "c-broker-1");
  t.equal(a, "127.1.0.2");
  t.equal(b, "127.1.0.3");
  t.equal(network.addressOf("ns", "c-broker-0"), a, "the same pod name keeps its address");
  network.update([
    { pod: pod("c-broker-0", { app: "kafka" }), address: a, ready: true },
    { pod: pod("c-broker-1", { app: "kafka" }), address: b, ready: false },
  ], [service("c-kafka-bootstrap", { app: "kafka" }), service("c-kafka-brokers", { app: "kafka" }, true), service("other", { app: "none" })]);
  t.equal(readFileSync(hosts, "utf8"), [
    "127.0.0.1 localhost",
    "127.1.0.2 c-broker-0",
    "127.1.0.2 c-broker-0.c-kafka-brokers.ns.svc",
    "127.1.0.2 c-broker-0.c-kafka-brokers.ns.svc.cluster.local",
    "127.1.0.3 c-broker-1",
    "127.1.0.3 c-broker-1.c-kafka-brokers.ns.svc",
    "127.1.0.3 c-broker-1.c-kafka-brokers.ns.svc.cluster.local",
    "127.1.0.2 c-kafka-bootstrap.ns.svc",
    "127.1.0.2 c-kafka-bootstrap.ns.svc.cluster.local",
    "127.1.0.2 c-kafka-brokers.ns.svc",
    "127.1.0.3 c-kafka-brokers.ns.svc",
    "127.1.0.2 c-kafka-brokers.ns.svc.cluster.local",
    "127.1.0.3 c-kafka-brokers.ns.svc.cluster.local",
    "",
  ].join("\n"), "the bootstrap Service has the ready pod only; the headless one publishing not-ready addresses has both");

  const restore = network.installLookup();
  try {
    t.same(await lookup("c-broker-1.c-kafka-brokers.ns.svc"), { address: b, family: 4 });
    t.same(await lookup("c-kafka-brokers.ns.svc", { all: true }), [{ address: a, family: 4 }, { address: b, family: 4 }]);
    t.same(await lookup("localhost", { family: 4 }), { address: "127.0.0.1", family: 4 }, "other names go to the system resolver");
  } finally {
    restore();
  }
});
