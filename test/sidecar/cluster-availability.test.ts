// One Kafka client per cluster (sidecar/cluster-availability.ts), however many
// reconcilers ask for it at once, made again when the cluster's credentials change.
import { pino } from "pino";
import t from "tap";
import { ClusterAvailability } from "../../sidecar/cluster-availability.js";
import type { KafkaAvailability, KafkaAvailabilityFactory } from "../../sidecar/kafka-availability.js";
t.test("two lanes asking for a cluster's client at once get the same one; a replaced client is closed once", async (t) => {
  const secrets: Record<string, Record<string, string>> = {
    "my-cluster-cluster-ca-cert": { "ca.crt": "ca-1" },
    "my-cluster-cluster-operator-certs": { "cluster-operator.crt": "crt", "cluster-operator.key": "key" },
  };
  const made: string[] = [];
  const closed: string[] = [];
  const factory: KafkaAvailabilityFactory = (cluster) => {
    const name = `client ${made.length + 1} (${cluster.clusterCaCertPem})`;
    made.push(name);
    return { close: async () => { closed.push(name); } } as unknown as KafkaAvailability;
  };
  const availability = new ClusterAvailability(factory, async (_namespace, name) => secrets[name], pino({ level: "silent" }));
  const cluster = { namespace: "ns", name: "my-cluster" };
  const [a, b] = await Promise.all([availability.forCluster(cluster), availability.forCluster(cluster)]);
  t.equal(a, b);
  t.strictSame(made, ["client 1 (ca-1)"]);
  secrets["my-cluster-cluster-ca-cert"] = { "ca.crt": "ca-2" };
  const [c, d] = await Promise.all([availability.forCluster(cluster), availability.forCluster(cluster)]);
  t.equal(c, d);
  t.strictSame(made, ["client 1 (ca-1)", "client 2 (ca-2)"], "a renewed CA makes one new client");
  t.strictSame(closed, ["client 1 (ca-1)"], "the old one is closed");
  await availability.closeAll();
  t.strictSame(closed, ["client 1 (ca-1)", "client 2 (ca-2)"]);
});
