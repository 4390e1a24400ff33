import t from "tap";
import { eventObject } from "../../sidecar/events.js";

t.test("an events.k8s.io/v1 Event in Strimzi's restart shape", async (t) => {
  const event = eventObject({
    regarding: { apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: "my-cluster", namespace: "kafka", uid: "u1" } },
    related: { apiVersion: "v1", kind: "Pod", metadata: { name: "my-cluster-broker-0", namespace: "kafka" } },
    type: "Normal",
    action: "StrimziInitiatedPodRestart",
    reason: "PodHasOldRevision",
    note: "x".repeat(2000),
  }, "sidecar-0", new Date("2026-11-24T12:00:00.123Z"));
  const json = JSON.parse(JSON.stringify(event));
  t.match(json.metadata.name, /^my-cluster\.[0-9a-f]{19}$/);
  t.strictSame({ ...json, metadata: { namespace: json.metadata.namespace }, note: json.note.length }, {
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    metadata: { namespace: "kafka" },
    eventTime: "2026-11-24T12:00:00.123000Z",
    reportingController: "kafka-hooks.io/sidecar",
    reportingInstance: "sidecar-0",
    action: "StrimziInitiatedPodRestart",
    reason: "PodHasOldRevision",
    regarding: { apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", name: "my-cluster", namespace: "kafka", uid: "u1" },
    related: { apiVersion: "v1", kind: "Pod", name: "my-cluster-broker-0", namespace: "kafka" },
    note: 1000,
    type: "Normal",
  }, "the note is cut to Kubernetes' limit; eventTime is a MicroTime");
});
