// Every child the Kafka hook emits for every Strimzi example, created in a real
// API server: accepted with strict field validation, and read back with every
// field the hook set unchanged (the fixed point Metacontroller's InPlace updates
// need: a child that comes back different is rewritten on every sync). The
// admission model in test/helpers/apiserver-defaults.ts claims the same; here it
// is held against the real server, field by field.
import t from "tap";
import type { KubeObject } from "../../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../../lib/api/strimzi-podset.js";
import { expandPodSet } from "../../../lib/podset/expand.js";
import { syncKafka } from "../../../lib/sync/kafka-sync.js";
import { admitted, drift } from "../../helpers/apiserver-defaults.js";
import { exampleRequests } from "../../helpers/examples.js";
import { applyUpdate, createdChild, desiredChild } from "../../helpers/metacontroller-standin.js";
import { testEnvironment } from "../../helpers/requests.js";
import { repoRoot } from "../../helpers/paths.js";
import { join } from "node:path";
import { crdsEstablished, startCluster } from "./cluster.js";
import { lost, serverAssigned } from "./compare.js";
import type { Json, JsonMap } from "./rest.js";

const cluster = await startCluster();
t.teardown(() => cluster.stop());
await cluster.kubectl(["apply", "-k", join(repoRoot, "manifests", "crds")]);
await crdsEstablished(cluster);

// ServiceAccounts first: the ServiceAccount admission plugin refuses a pod whose account is missing.
const ORDER = ["ServiceAccount", "Secret", "ConfigMap", "Service", "NetworkPolicy", "PodDisruptionBudget", "StrimziPodSet"];
const rank = (kind: string): number => ORDER.includes(kind) ? ORDER.indexOf(kind) : ORDER.length;

const POOLS = "KafkaNodePool.kafka.strimzi.io/v1";
/** An object as a user would write it: no server-set metadata. */
const asWritten = <T extends KubeObject>(object: T, namespace: string): T => {
  const { name, labels, annotations } = object.metadata;
  return { ...object, metadata: { name, namespace, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) } };
};

exampleRequests().forEach(({ example, fixture, request }, index) => {
  t.test(`${fixture}: every child of ${example} is accepted and comes back as sent`, async (t) => {
    const namespace = `children-${index}`;
    await cluster.api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
    const kafka = await cluster.api.create(asWritten(request.parent, namespace) as unknown as JsonMap) as unknown as KubeObject;
    for (const pool of Object.values(request.related[POOLS] ?? {})) await cluster.api.create(asWritten(pool, namespace) as unknown as JsonMap);
    const inNamespace = <T extends KubeObject>(object: T): T => ({ ...object, metadata: { ...object.metadata, namespace } });
    const children = syncKafka(request, testEnvironment()).children.map(inNamespace).sort((a, b) => rank(a.kind) - rank(b.kind));
    t.ok(children.length > 0, "the hook emits children");
    for (const child of children) {
      const what = `${child.kind}/${child.metadata.name}`;
      const desired = desiredChild(kafka, child);
      await cluster.api.create(createdChild(kafka, desired) as unknown as JsonMap);
      const stored = await cluster.api.get(child);
      t.same(drift(child as unknown as Json, stored), [], `${what}: every field the hook set comes back as set`);
      // The model's claim: what it says the server stores, the server stores
      // (addresses the server allocates aside).
      const model = admitted(child);
      t.same(drift(model as Json, serverAssigned(stored, model)), [], `${what}: the admission model agrees with the server`);
      // Metacontroller's next sync merges the same answer into what is stored: nothing to write.
      const merged = applyUpdate(stored as unknown as KubeObject, desired);
      t.same(drift(merged as unknown as Json, stored), [], `${what}: the next sync's three-way merge changes nothing`);
    }
    // Pods are never updated (OnDelete): the server may add to them, but must
    // keep every value the PodSet hook set, quantities included.
    for (const podSet of children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet")) {
      for (const pod of expandPodSet(podSet) as KubeObject[]) {
        await cluster.api.create(pod as unknown as JsonMap);
        const stored = await cluster.api.get(pod);
        t.same(lost(pod as unknown as Json, stored), [], `Pod/${pod.metadata.name}: nothing set is lost or changed`);
      }
    }
  });
});
