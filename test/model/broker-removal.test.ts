import t from "tap";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { brokerRemoval, removalAnswer, requestedRemovals } from "../../lib/model/broker-removal.js";

const podSet = (annotations: Record<string, string> = {}, brokerRole = "true"): StrimziPodSet =>
  ({
    apiVersion: "core.strimzi.io/v1", kind: "StrimziPodSet", metadata: { name: "my-cluster-broker", annotations },
    spec: { selector: {}, podTemplate: { metadata: { labels: { "strimzi.io/broker-role": brokerRole } } }, pods: [] },
  }) as unknown as StrimziPodSet;

const scaleDown = { roles: ["broker"] as const, currentIds: [0, 1, 2, 3], assignedIds: [0, 1], skipCheck: false };

t.test("brokers a pool no longer wants are held, running, until Kafka confirms them", async (t) => {
  t.same(brokerRemoval({ ...scaleDown, observedPodSet: podSet() }), { nodeIds: [0, 1, 2, 3], roles: ["broker"], removal: { held: [2, 3] } });
  t.same(brokerRemoval({ ...scaleDown, observedPodSet: podSet({ "kafka-hooks.io/removable-brokers": "3" }) }),
    { nodeIds: [0, 1, 2], roles: ["broker"], removal: { held: [2] } }, "a confirmed broker goes, the other waits");
  t.same(brokerRemoval({ ...scaleDown, observedPodSet: podSet({ "kafka-hooks.io/removable-brokers": "2,3" }) }), { nodeIds: [0, 1], roles: ["broker"] });
  t.same(brokerRemoval({ ...scaleDown, observedPodSet: podSet({ "kafka-hooks.io/broker-removal-refused": "broker 2 hosts replicas of 4 partitions" }) }),
    { nodeIds: [0, 1, 2, 3], roles: ["broker"], removal: { held: [2, 3], refused: "broker 2 hosts replicas of 4 partitions" } });
  t.same(brokerRemoval({ ...scaleDown, observedPodSet: podSet({ "kafka-hooks.io/removable-brokers": "two" }) }),
    { nodeIds: [0, 1, 2, 3], roles: ["broker"], removal: { held: [2, 3] } }, "an unreadable confirmation confirms nothing");
});

t.test("controllers, the skip annotation and scale-up hold nothing", async (t) => {
  t.same(brokerRemoval({ ...scaleDown, roles: ["controller"], observedPodSet: podSet({}, "false") }), { nodeIds: [0, 1], roles: ["controller"] }, "a controller hosts no partition");
  t.same(brokerRemoval({ ...scaleDown, roles: ["controller", "broker"], observedPodSet: podSet() }).removal, { held: [2, 3] }, "a dual-role node does");
  t.same(brokerRemoval({ ...scaleDown, skipCheck: true, observedPodSet: podSet() }), { nodeIds: [0, 1], roles: ["broker"] });
  t.same(brokerRemoval({ ...scaleDown, currentIds: [0], observedPodSet: podSet() }), { nodeIds: [0, 1], roles: ["broker"] });
});

t.test("running brokers that are to lose the broker role keep it until Kafka confirms they host no partition replicas", async (t) => {
  const dropped = { ...scaleDown, roles: ["controller"] as const, currentIds: [0, 1], assignedIds: [0, 1] };
  t.same(brokerRemoval({ ...dropped, observedPodSet: podSet() }),
    { nodeIds: [0, 1], roles: ["broker", "controller"], removal: { held: [0, 1], brokerRole: true } });
  t.same(brokerRemoval({ ...dropped, observedPodSet: podSet({ "kafka-hooks.io/removable-brokers": "0" }) }),
    { nodeIds: [0, 1], roles: ["broker", "controller"], removal: { held: [1], brokerRole: true } }, "the role is the pool's: it goes once every node is confirmed");
  t.same(brokerRemoval({ ...dropped, observedPodSet: podSet({ "kafka-hooks.io/removable-brokers": "0,1" }) }), { nodeIds: [0, 1], roles: ["controller"] });
  t.same(brokerRemoval({ ...scaleDown, roles: ["controller"], observedPodSet: podSet() }),
    { nodeIds: [0, 1, 2, 3], roles: ["broker", "controller"], removal: { held: [0, 1, 2, 3], brokerRole: true } },
    "scaled down and stripped of the role at once: the running roles decide, so the removed brokers are held too");
});

t.test("the sidecar answers on the PodSet, broker by broker, and withdraws an answer nobody asks for", async (t) => {
  const asked = podSet({ "kafka-hooks.io/brokers-to-remove": "2,3" });
  t.same(requestedRemovals(asked), [2, 3]);
  const bothEmpty = new Map([[2, { removable: true as const }], [3, { removable: true as const }]]);
  t.same(removalAnswer(asked, bothEmpty), { "kafka-hooks.io/removable-brokers": "2,3", "kafka-hooks.io/broker-removal-refused": null });
  t.same(removalAnswer(asked, new Map([[2, { removable: false as const, reason: "broker 2 hosts replicas of 4 partitions" }], [3, { removable: true as const }]])),
    { "kafka-hooks.io/removable-brokers": "3", "kafka-hooks.io/broker-removal-refused": "broker 2 hosts replicas of 4 partitions" },
    "an empty broker is confirmed while another still hosts replicas");
  const answered = podSet({ "kafka-hooks.io/brokers-to-remove": "2,3", "kafka-hooks.io/removable-brokers": "2,3" });
  t.equal(removalAnswer(answered, bothEmpty), undefined, "an answer already given is not written again");
  t.same(removalAnswer(podSet({ "kafka-hooks.io/removable-brokers": "2,3" }), new Map()),
    { "kafka-hooks.io/removable-brokers": null, "kafka-hooks.io/broker-removal-refused": null },
    "once the hook stops asking, the confirmation goes: it must not confirm a later broker with the same id");
  t.equal(removalAnswer(podSet(), new Map()), undefined);
});
