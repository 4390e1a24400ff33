// `topology-label` racks: a broker's broker.rack is its node's label, written by
// the Kafka hook once the pod is scheduled, and pods prefer to spread across it.
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

t.test("pods need a node with the label and prefer to spread across its values, merged into the template's affinity", async (t) => {
  const podTemplate = (answer: ReturnType<typeof sync>, pool: string) => (childNamed(answer, "StrimziPodSet", `my-cluster-${pool}`) as StrimziPodSet).spec.podTemplate;
  const own = {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "In" as const, values: ["ssd"] }] }] } },
  };
  const answer = sync(requestWith(plain, (kafka) => {
    kafka.spec.kafka.rack = { topologyKey: ZONE };
    kafka.spec.kafka.template = { pod: { affinity: own } };
  }));
  const affinity = podTemplate(answer, "broker").spec.affinity;
  t.same(affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms, [
    { matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }, { key: ZONE, operator: "Exists" }] },
  ], "the rack's requirement joins each of the user's terms");
  t.same(affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, [{
    weight: 100,
    podAffinityTerm: { labelSelector: { matchLabels: { "strimzi.io/cluster": "my-cluster", "strimzi.io/kind": "Kafka", "strimzi.io/name": "my-cluster-kafka" } }, topologyKey: ZONE },
  }]);
  t.same(podTemplate(sync(withRack({ topologyKey: ZONE })), "controller").spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
    [{ matchExpressions: [{ key: ZONE, operator: "Exists" }] }], "without affinity of the user's, the rack's alone");
  t.equal(openApiError(expandPodSet(childNamed(answer, "StrimziPodSet", "my-cluster-broker") as StrimziPodSet)[0] ?? {}), undefined, "a valid Pod");
  t.equal(podTemplate(sync(requestWith(plain)), "broker").spec.affinity, undefined, "no rack, no affinity added");
});
