// A change of spec.kafka.version through the Kafka hook: the versions read from what the
// PodSets say their pods run, the metadata version kept during the roll and its file
// outside the restart hash, the status from the cluster, and Strimzi's refusals.
import t from "tap";
import type { Condition, ConfigMap, KubeObject } from "../../lib/api/kubernetes.js";
import type { Kafka, KafkaStatus } from "../../lib/api/kafka.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { ANNOTATION } from "../../lib/labels.js";
import { typeKey, type SyncRequest } from "../../lib/metacontroller.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { keepObservedChildren } from "../../lib/sync/keep-observed.js";
import { settledCluster } from "../helpers/example-cluster.js";
import { nextRequest } from "../helpers/observe.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

const PODSET = typeKey("StrimziPodSet", "core.strimzi.io/v1");

/** kafka-persistent (three controllers, three brokers) created on `version` and settled. */
function clusterOn(version: string): SyncRequest {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  (request.parent as Kafka).spec.kafka.version = version;
  return settledCluster(request).request;
}

function withSpec(request: SyncRequest, edit: (kafka: Kafka) => void): SyncRequest {
  const next = structuredClone(request);
  edit(next.parent as Kafka);
  return next;
}

/** The sidecar's record of Kafka's finalized metadata version (and a failure) on every PodSet. */
function withSidecarRecord(request: SyncRequest, annotations: Record<string, string>): SyncRequest {
  const next = structuredClone(request);
  for (const podSet of Object.values(next.children[PODSET] ?? {})) podSet.metadata.annotations = { ...podSet.metadata.annotations, ...annotations };
  return next;
}

const podSets = (children: readonly KubeObject[]) => children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet");
const configMap = (children: readonly KubeObject[], name: string) => children.find((c): c is ConfigMap & KubeObject => c.kind === "ConfigMap" && c.metadata.name === name);
const condition = (status: KafkaStatus, type: string): Condition | undefined => status.conditions?.find((c) => c.type === type);
const podAnnotation = (children: readonly KubeObject[], pod: string, key: string) =>
  podSets(children).flatMap((ps) => ps.spec.pods).find((p) => p.metadata.name === pod)?.metadata.annotations?.[key];

t.test("an upgrade rolls every node to the new image, keeping the finalized metadata version until the sidecar raises it", async (t) => {
  const before = clusterOn("4.2.1");
  t.equal(configMap(Object.values(before.children[typeKey("ConfigMap", "v1")] ?? {}), "my-cluster-broker-0")?.data?.["metadata.version"], "4.2-IV1");
  const upgrading = withSpec(before, (kafka) => { kafka.spec.kafka.version = "4.3.1"; });
  const env = testEnvironment();
  const answer = syncKafka(upgrading, env);

  t.strictSame(podSets(answer.children).map((ps) => ps.spec.podTemplate.spec.containers[0]?.image), ["apache/kafka:4.3.1", "apache/kafka:4.3.1"], "every pool's pods on the new image");
  t.equal(podAnnotation(answer.children, "my-cluster-controller-3", ANNOTATION.kafkaVersion), "4.3.1");
  t.equal(configMap(answer.children, "my-cluster-broker-0")?.data?.["metadata.version"], "4.2-IV1", "during the roll the cluster keeps its metadata version");
  t.equal(answer.status.kafkaVersion, "4.2.1", "the status says what runs");
  t.equal(answer.status.kafkaMetadataVersion, "4.2-IV1");
  t.equal(condition(answer.status, "RollingUpdate")?.message,
    "will restart my-cluster-controller-3, my-cluster-controller-4, my-cluster-controller-5, my-cluster-broker-0, my-cluster-broker-1, my-cluster-broker-2 (POD_HAS_OLD_REVISION, CONFIG_CHANGE_REQUIRES_RESTART)",
    // A 4.2 node's configuration hash counts min.insync.replicas (only 4.3's run-time options are known); a 4.3 node's leaves it out.
    "the forecast: every node, controllers first (the roller takes the active one last), for a new revision and the run-time options' hash");

  // Every pod restarted on 4.3.1: no version change any more, the new version's metadata version for new storage, no second roll.
  const rolled = nextRequest(upgrading, answer);
  t.strictSame(rolled.children[PODSET]?.["myproject/my-cluster-broker"]?.["status"], { observedGeneration: 1, pods: 3, readyPods: 3, currentPods: 3, kafkaVersions: ["4.3.1"] });
  const after = syncKafka(rolled, env);
  t.equal(configMap(after.children, "my-cluster-broker-0")?.data?.["metadata.version"], "4.3-IV0");
  t.equal(podAnnotation(after.children, "my-cluster-broker-0", ANNOTATION.configurationHash), podAnnotation(answer.children, "my-cluster-broker-0", ANNOTATION.configurationHash),
    "the metadata version's file is outside the restart hash");
  t.strictSame(podSets(after.children), podSets(answer.children), "nothing rolls again");
  t.equal(after.status.kafkaVersion, "4.3.1");
  t.equal(after.status.kafkaMetadataVersion, "4.2-IV1", "until the sidecar reads Kafka's, the status keeps what it knew");

  const raised = syncKafka(withSidecarRecord(rolled, { [ANNOTATION.finalizedMetadataVersion]: "4.3-IV0" }), env);
  t.equal(raised.status.kafkaMetadataVersion, "4.3-IV0", "what Kafka finalized, as the sidecar read it");
});

t.test("mixed versions mid-roll: the status says the version rolled from", async (t) => {
  const before = clusterOn("4.2.1");
  const upgrading = withSpec(before, (kafka) => { kafka.spec.kafka.version = "4.3.1"; });
  const midway = structuredClone(upgrading);
  const controllers = midway.children[PODSET]?.["myproject/my-cluster-controller"];
  if (controllers) controllers["status"] = { ...(controllers["status"] as object), kafkaVersions: ["4.2.1", "4.3.1"] };
  const answer = syncKafka(midway, testEnvironment());
  t.equal(answer.status.kafkaVersion, "4.2.1");
  t.equal(configMap(answer.children, "my-cluster-broker-0")?.data?.["metadata.version"], "4.2-IV1");
});

t.test("a downgrade once the metadata version is raised is refused and nothing changes", async (t) => {
  const upgraded = withSidecarRecord(clusterOn("4.3.1"), { [ANNOTATION.finalizedMetadataVersion]: "4.3-IV0" });
  const downgrading = withSpec(upgraded, (kafka) => { kafka.spec.kafka.version = "4.2.1"; });
  const answer = syncKafka(downgrading, testEnvironment());
  t.strictSame(answer.children, keepObservedChildren(downgrading.children), "every child as last applied: no roll starts");
  t.match(condition(answer.status, "NotReady"), {
    reason: "KafkaUpgradeException",
    message: "spec.kafka.version: The current metadata version (4.3-IV0) has to be lower or equal to the Kafka broker version we are downgrading to (4.2.1); the nodes run 4.3.1. Nothing was changed.",
  });
  t.equal(answer.status.kafkaVersion, "4.3.1");
  t.equal(answer.status.kafkaMetadataVersion, "4.3-IV0");
});

t.test("a downgrade the metadata version allows rolls to the older image", async (t) => {
  const pinned = withSpec(clusterOn("4.3.1"), (kafka) => { kafka.spec.kafka.metadataVersion = "4.2-IV1"; });
  const settled = withSidecarRecord(nextRequest(pinned, syncKafka(pinned, testEnvironment())), { [ANNOTATION.finalizedMetadataVersion]: "4.2-IV1" });
  const downgrading = withSpec(settled, (kafka) => { kafka.spec.kafka.version = "4.2.1"; });
  const answer = syncKafka(downgrading, testEnvironment());
  t.equal(condition(answer.status, "NotReady")?.reason, "PodsNotReady");
  t.strictSame(podSets(answer.children).map((ps) => ps.spec.podTemplate.spec.containers[0]?.image), ["apache/kafka:4.2.1", "apache/kafka:4.2.1"]);
  t.equal(configMap(answer.children, "my-cluster-controller-3")?.data?.["metadata.version"], "4.2-IV1");
  t.equal(answer.status.kafkaVersion, "4.3.1");
});

t.test("a failure to change the metadata version is a Warning, and the cluster stays Ready", async (t) => {
  const message = "Failed to update metadata version to 4.3-IV0: INVALID_UPDATE_VERSION: Refusing to perform the requested downgrade because it might delete metadata information.";
  const request = withSidecarRecord(clusterOn("4.3.1"), { [ANNOTATION.finalizedMetadataVersion]: "4.3-IV0", [ANNOTATION.metadataUpdateFailed]: message });
  const answer = syncKafka(request, testEnvironment());
  t.equal(condition(answer.status, "Ready")?.status, "True");
  t.match(condition(answer.status, "Warning"), { reason: "MetadataUpdateFailed", message: `spec.kafka.metadataVersion: ${message}` });
});

t.test("a metadata version the sidecar records that Kafka does not name is not read", async (t) => {
  const request = withSidecarRecord(clusterOn("4.3.1"), { [ANNOTATION.finalizedMetadataVersion]: "$(id)" });
  t.equal(syncKafka(request, testEnvironment()).status.kafkaMetadataVersion, "4.3-IV0");
});
