// The operand registry (lib/operands): the Kafka controller's child types, its
// desired children, pending certificates and readiness are the registered
// operands'; a new operand is one registration.
import t from "tap";
import type { Kafka } from "../../lib/api/kafka.js";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { caSettings, podCertificateGenerations, resolveClusterCertificates } from "../../lib/certificates/cluster-certificates.js";
import { brokersChildren } from "../../lib/operands/brokers/children.js";
import { BROKERS } from "../../lib/operands/brokers/brokers.js";
import { desiredCluster, KAFKA_OPERANDS, operandChildTypes, operandsWaitingFor, requestedNeeds } from "../../lib/operands/kafka-operands.js";
import { CRUISE_CONTROL_OPERAND } from "../../lib/operands/cruise-control/cruise-control.js";
import { ENTITY_OPERATOR_OPERAND } from "../../lib/operands/entity-operator/entity-operator.js";
import { KAFKA_EXPORTER_OPERAND } from "../../lib/operands/kafka-exporter/kafka-exporter.js";
import { registerOperand, type ClusterState, type ObservedChildren } from "../../lib/operands/operand.js";
import { podSetsRevision, withPodSetsRevision } from "../../lib/podset/podsets-revision.js";
import { rollForecast } from "../../lib/roller/forecast.js";
import { KAFKA_CHILD_TYPES } from "../../lib/sync/child-types.js";
import { exampleModel } from "../config/model.js";
import { NAMESPACE, readExample, testEnvironment } from "../helpers/requests.js";

const EXAMPLE = "kafka/kafka-persistent.yaml";

function clusterState(): ClusterState & { kafka: Kafka } {
  const example = readExample(EXAMPLE).find((d) => d.kind === "Kafka") as Kafka;
  const kafka = { ...example, metadata: { ...example.metadata, namespace: NAMESPACE } };
  const model = exampleModel(EXAMPLE);
  const resolved = resolveClusterCertificates({
    cas: caSettings(kafka),
    model,
    secrets: new Map(),
    pods: podCertificateGenerations([]),
    clientComponents: [],
    withinMaintenanceWindow: true,
    env: { ...testEnvironment(), newKeysPerSync: 2 },
  });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
  return { kafka, spec: kafka.spec, model, certificates: resolved.certificates, observedPods: [], replicationClients: [] };
}

/** A stand-in for a further operand: a Deployment, when the Kafka asks for it. */
const deployment = (name: string): KubeObject => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace: NAMESPACE } });
const EXPORTER = registerOperand({
  name: "kafka-exporter",
  childTypes: [
    { apiVersion: "apps/v1", kind: "Deployment", resource: "deployments" },
    { apiVersion: "v1", kind: "Service", resource: "services" },
  ],
  clientCertificates: [{ component: "kafka-exporter", keyName: "kafka-exporter" }],
  replicationClients: ["kafka-exporter", "entity-operator"],
  requested: (spec) => spec.kafkaExporter !== undefined,
  input: ({ model }: ClusterState) => ({ name: `${model.name}-kafka-exporter` }),
  children: ({ name }) => ({ children: [deployment(name)], certificatesPending: [name], name }),
  readiness: ({ name }, observed) => (name in (observed.children["Deployment.apps/v1"] ?? {}) ? undefined : `Deployment ${name}`),
});

t.test("the controller's child types are the operands' (metacontroller/kafka.yaml declares them, test/metacontroller)", async (t) => {
  t.same(KAFKA_OPERANDS, [BROKERS, CRUISE_CONTROL_OPERAND, ENTITY_OPERATOR_OPERAND, KAFKA_EXPORTER_OPERAND], "in the order Strimzi reconciles them");
  t.same(KAFKA_CHILD_TYPES.map((c) => c.kind), ["StrimziPodSet", "ConfigMap", "Secret", "Service", "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy", "Ingress", "Deployment", "Role", "RoleBinding"]);
});

t.test("what the requested operands need of the others: client certificates and replication clients, each once", async (t) => {
  const spec = clusterState().spec;
  const exporter = { component: "kafka-exporter", keyName: "kafka-exporter" };
  const brokersOnly = { ...spec, entityOperator: undefined };
  t.same(requestedNeeds(brokersOnly), { clientCertificates: [], replicationClients: [] }, "the brokers need nothing of another operand");
  t.same(requestedNeeds({ ...brokersOnly, kafkaExporter: {} }), { clientCertificates: [exporter], replicationClients: ["kafka-exporter"] });
  t.same(requestedNeeds({ ...brokersOnly, kafkaExporter: {} }, [BROKERS, KAFKA_EXPORTER_OPERAND, EXPORTER]),
    { clientCertificates: [exporter], replicationClients: ["kafka-exporter", "entity-operator"] });
  t.same(requestedNeeds({ ...spec, kafkaExporter: {} }), {
    clientCertificates: [{ component: "entity-topic-operator", keyName: "entity-operator" }, { component: "entity-user-operator", keyName: "entity-operator" }, exporter],
    replicationClients: ["entity-operator", "kafka-exporter"],
  }, "the Entity Operator's two certificates, both under Strimzi's key name entity-operator");
  t.same(requestedNeeds({ ...spec, entityOperator: { userOperator: {} } }).clientCertificates, [{ component: "entity-user-operator", keyName: "entity-operator" }],
    "a certificate only for the operators that are on");
  t.same(requestedNeeds({ ...spec, entityOperator: { template: {} } }).clientCertificates, [], "no operator, no Entity Operator (EntityOperator.fromCrd)");
});

t.test("a further operand adds its new child types after the others, each type once", async (t) => {
  t.same(operandChildTypes([BROKERS, EXPORTER]).map((c) => c.kind), ["StrimziPodSet", "ConfigMap", "Secret", "Service", "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy", "Ingress", "Deployment"]);
  t.same(operandChildTypes([BROKERS, CRUISE_CONTROL_OPERAND, ENTITY_OPERATOR_OPERAND, EXPORTER]), KAFKA_CHILD_TYPES, "the exporter's kinds are all declared before it");
});

t.test("the desired children are each operand's in turn, with their pending certificates and readiness", async (t) => {
  const cluster = clusterState();
  const built = brokersChildren(cluster);
  // Every PodSet of the answer carries the revision of them all (lib/podset/podsets-revision.ts).
  const brokers = { ...built, children: withPodSetsRevision(built.children, podSetsRevision(built.children)) };
  // The brokers alone: the Entity Operator the example asks for has tests of its own (entity-operator.test.ts).
  const alone = desiredCluster({ ...cluster, spec: { ...cluster.spec, entityOperator: undefined } });
  t.same(alone.children, brokers.children);
  t.equal(alone.podSetsRevision, podSetsRevision(built.children));
  t.same(alone.certificatesPending, ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2", "my-cluster-controller-5", "my-cluster-cluster-operator-certs"],
    "two new keys per sync: the nodes still waiting, in id order, then the operator");
  t.same(alone.podSets.map((p) => p.metadata.name), ["my-cluster-broker", "my-cluster-controller"]);

  const both = desiredCluster({ ...cluster, spec: { ...cluster.spec, kafkaExporter: {} } }, [BROKERS, EXPORTER]);
  t.same(both.children, [...brokers.children, deployment("my-cluster-kafka-exporter")]);
  t.same(both.certificatesPending, [...brokers.certificatesPending, "my-cluster-kafka-exporter"]);
  const roll = rollForecast({ kafka: cluster.kafka, desired: both.podSets, observed: [], now: new Date("2026-11-24T12:00:00.000Z") });
  const observed: ObservedChildren = { children: {}, podSets: [], roll };
  t.same(operandsWaitingFor(both, observed), ["my-cluster-broker not yet reconciled; my-cluster-controller not yet reconciled", "Deployment my-cluster-kafka-exporter"]);
  t.same(operandsWaitingFor(both, { ...observed, children: { "Deployment.apps/v1": { "my-cluster-kafka-exporter": deployment("my-cluster-kafka-exporter") } } }),
    ["my-cluster-broker not yet reconciled; my-cluster-controller not yet reconciled"]);

  t.same(desiredCluster({ ...cluster, spec: { ...cluster.spec, kafkaExporter: undefined } }, [BROKERS, EXPORTER]).children, brokers.children,
    "an operand the Kafka does not ask for has no children");
});
