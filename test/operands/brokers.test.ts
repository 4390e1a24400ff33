// What the brokers read from the Kafka besides its spec's model fields: the
// probes and the annotation that admits the operator from any namespace.
import t from "tap";
import { networkPolicy } from "../../lib/operands/brokers/network-policy.js";
import { podTemplateSpec } from "../../lib/operands/brokers/kafka-pod.js";
import { exampleModel } from "../config/model.js";

const EXAMPLE = "kafka/kafka-persistent.yaml";

t.test("the probes are the Kafka's spec.kafka probes, on the port the node's role serves", async (t) => {
  const model = exampleModel(EXAMPLE, (kafka) => {
    kafka.spec.kafka.readinessProbe = { initialDelaySeconds: 3, periodSeconds: 2 };
    kafka.spec.kafka.livenessProbe = { initialDelaySeconds: 60, failureThreshold: 6 };
  });
  const pool = model.pools.find((p) => p.name === "broker");
  if (!pool) throw new Error("no broker pool");
  const container = podTemplateSpec(model, pool).spec.containers[0];
  t.same(container?.readinessProbe, { tcpSocket: { port: 9091 }, initialDelaySeconds: 3, timeoutSeconds: 5, periodSeconds: 2, successThreshold: 1, failureThreshold: 3 });
  t.same(container?.livenessProbe, { tcpSocket: { port: 9091 }, initialDelaySeconds: 60, timeoutSeconds: 5, periodSeconds: 10, successThreshold: 1, failureThreshold: 6 });
});

t.test("the operator reaches replication from our namespace, or from any with the Kafka's annotation", async (t) => {
  const operatorPeer = (annotations: Record<string, string>) =>
    networkPolicy(exampleModel(EXAMPLE, (kafka) => { kafka.metadata.annotations = annotations; }), []).spec?.ingress?.[1]?.from?.[1];
  const pods = { matchLabels: { "strimzi.io/kind": "cluster-operator" } };
  t.same(operatorPeer({}), { namespaceSelector: { matchLabels: { "kafka-hooks.io/operator": "true" } }, podSelector: pods });
  t.same(operatorPeer({ "kafka-hooks.io/operator-from-any-namespace": "true" }), { namespaceSelector: {}, podSelector: pods });
  t.same(operatorPeer({ "kafka-hooks.io/operator-from-any-namespace": "yes" }), { namespaceSelector: { matchLabels: { "kafka-hooks.io/operator": "true" } }, podSelector: pods });
});
