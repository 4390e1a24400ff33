// `topology-label` racks: a broker's broker.rack is its node's label, written by
// the Kafka hook once the pod is scheduled, and broker pods need a node with it.
import t from "tap";
import type { Kafka } from "../../lib/api/kafka.js";
import type { ConfigMap } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { expandPodSet } from "../../lib/podset/expand.js";
import { customizeKafka } from "../../lib/sync/customize.js";
import { childNamed, requestWith, scheduled, serverProperties, sync } from "../listeners/cluster.js";
import { openApiError } from "../helpers/openapi.js";

const ZONE = "topology.kubernetes.io/zone";
const plain = [{ name: "plain", port: 9092, type: "internal" as const, tls: false }];
const withRack = (rack: Kafka["spec"]["kafka"]["rack"]) => requestWith(plain, (kafka) => {
  kafka.spec.kafka.rack = rack;
});
const zones = (request: ReturnType<typeof requestWith>) => scheduled(request, { "my-cluster-broker-0": "node-a", "my-cluster-broker-1": "node-b" }, [
  { name: "node-a", addresses: [], labels: { [ZONE]: "zone-a" } },
  { name: "node-b", addresses: [], labels: {} },
]);
const rackFile = (answer: ReturnType<typeof sync>, pod: string) => (childNamed(answer, "ConfigMap", pod) as ConfigMap | undefined)?.data?.["node-rack.properties"];

t.test("a broker's rack is its node's label, read by Kafka from a file the hook writes once the pod is scheduled", async (t) => {
  const answer = sync(zones(withRack({ topologyKey: ZONE })));
  t.equal(serverProperties(answer, "my-cluster-broker-0").get("broker.rack"), "${strimzifile:/opt/kafka/custom-config/node-rack.properties:rack}");
  t.equal(serverProperties(answer, "my-cluster-controller-3").get("broker.rack"), undefined, "controllers have no rack");
  t.match(rackFile(answer, "my-cluster-broker-0"), /^rack=zone-a$/m);
  t.equal(rackFile(answer, "my-cluster-broker-1"), undefined, "a node without the label gives no rack: the broker waits for one");
  t.equal(rackFile(answer, "my-cluster-broker-2"), undefined, "nor does a pod not scheduled yet");
  const unscheduled = sync(withRack({ topologyKey: ZONE }));
  const hashes = (a: ReturnType<typeof sync>) => a.children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet")
    .flatMap((ps) => ps.spec.pods.map((p) => p.metadata.annotations?.["strimzi.io/configuration-hash"]));
  t.same(hashes(answer), hashes(unscheduled), "the file stays out of the configuration hash: a pod that moves is not restarted for it");
});

t.test("an environment-variable rack and no rack write no file and ask for no nodes", async (t) => {
  const byVariable = withRack({ type: "environment-variable", envVarName: "MY_ZONE" });
  t.equal(serverProperties(sync(zones(byVariable)), "my-cluster-broker-0").get("broker.rack"), "${strimzienv:MY_ZONE}");
  t.equal(rackFile(sync(zones(byVariable)), "my-cluster-broker-0"), undefined);
  const asks = (request: ReturnType<typeof requestWith>) => customizeKafka(request.parent as Kafka).relatedResources.map((r) => r.resource);
  t.notOk(asks(byVariable).includes("nodes"));
  t.ok(asks(withRack({ topologyKey: ZONE })).includes("nodes"), "a topology-label rack asks for the broker pods and the Nodes");
  t.ok(asks(withRack({ topologyKey: ZONE })).includes("pods"));
});

t.test("broker-role pods need a node with the label, merged into the template's affinity; controllers get nothing (Strimzi's rules)", async (t) => {
  const podTemplate = (answer: ReturnType<typeof sync>, pool: string) => (childNamed(answer, "StrimziPodSet", `my-cluster-${pool}`) as StrimziPodSet).spec.podTemplate;
  const own = {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "In" as const, values: ["ssd"] }] }] } },
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { topologyKey: "kubernetes.io/hostname" } }] },
  };
  const answer = sync(requestWith(plain, (kafka) => {
    kafka.spec.kafka.rack = { topologyKey: ZONE };
    kafka.spec.kafka.template = { pod: { affinity: own } };
  }));
  // The user's terms each gain the rack's requirement; the rest of the user's affinity is kept as written, nothing added.
  t.same(podTemplate(answer, "broker").spec.affinity, {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }, { key: ZONE, operator: "Exists" }] }] } },
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { topologyKey: "kubernetes.io/hostname" } }] },
  });
  t.same(podTemplate(answer, "controller").spec.affinity, own, "a controller-only pool keeps the user's affinity alone");
  t.same(podTemplate(sync(withRack({ topologyKey: ZONE })), "broker").spec.affinity,
    { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: "Exists" }] }] } } }, "without affinity of the user's, the rack's alone");
  t.equal(podTemplate(sync(withRack({ topologyKey: ZONE })), "controller").spec.affinity, undefined, "controllers: no affinity added");
  t.equal(openApiError(expandPodSet(childNamed(answer, "StrimziPodSet", "my-cluster-broker") as StrimziPodSet)[0] ?? {}), undefined, "a valid Pod");
  t.equal(podTemplate(sync(requestWith(plain)), "broker").spec.affinity, undefined, "no rack, no affinity added");
});
