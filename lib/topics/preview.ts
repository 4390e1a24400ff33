// `render` of KafkaTopics (a GitOps preview from the resources alone): what
// the Topic Operator would do with each KafkaTopic of a file were its topic
// not yet in Kafka: the topic it would create (name, partitions, replicas and
// config as CreateTopics gets them), what it would refuse (the fields named),
// and the status it would write; for a KafkaTopic being deleted (a file from
// `kubectl get -o yaml`), whether its topic would be deleted or kept. The rules are the operator's own (triage.ts,
// status.ts); conflicts are judged among the file's KafkaTopics. What only
// Kafka knows (an existing topic's partitions and config, its id) is outside
// a preview.
import { configValueString, type KafkaTopicStatus } from "../api/kafka-topic.js";
import type { KubeObject } from "../api/kubernetes.js";
import { topicStatus, type TopicOutcome } from "./status.js";
import { claimants, triage, type StoredTopic } from "./triage.js";

export const TOPIC_PREVIEW_KIND = "KafkaTopicPreview";
const BROKER_DEFAULT = "the brokers' default";

export interface TopicPreview {
  kind: typeof TOPIC_PREVIEW_KIND;
  /** namespace/name of the KafkaTopic. */
  of: string;
  /** The CreateTopics the operator would send; absent when it would not touch Kafka. */
  create?: {
    topicName: string;
    partitions: number | typeof BROKER_DEFAULT;
    replicas: number | typeof BROKER_DEFAULT;
    config: Record<string, string>;
  };
  /** Why nothing is created: the refusal's message, or the state that leaves Kafka alone. */
  refused?: string;
  /** Being deleted: the topic DeleteTopics would get. */
  deleteTopic?: string;
  /** Being deleted: why its topic would stay. */
  keepTopic?: string;
  /** Absent for a KafkaTopic being deleted: it goes once its finalizer does. */
  status?: KafkaTopicStatus;
}

const KEPT_BECAUSE = {
  unmanaged: "strimzi.io/managed is \"false\"",
  invalid: "the KafkaTopic is invalid: nothing is deleted on its word",
  "handed-over": "another KafkaTopic names the same topic and takes it over",
  "cluster-gone": "the Kafka cluster is gone",
} as const;

const isKafkaTopic = (object: KubeObject): boolean => object.kind === "KafkaTopic" && object.apiVersion === "kafka.strimzi.io/v1";

/** The previews of the file's KafkaTopics, in the file's order; `namespace` for those that name none. */
export function topicPreviews(objects: readonly KubeObject[], namespace: string, now: Date): TopicPreview[] {
  const topics: StoredTopic[] = objects.filter(isKafkaTopic).map((object) => {
    const { metadata, ...rest } = object;
    return { ...rest, metadata: { ...metadata, namespace: metadata.namespace ?? namespace } } as StoredTopic;
  });
  const context = { claimants: claimants(topics), clusterGone: false };
  const at = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  return topics.map((topic) => {
    const of = `${topic.metadata.namespace}/${topic.metadata.name}`;
    const decision = triage(topic, context);
    const preview = (outcome: TopicOutcome, rest: Pick<TopicPreview, "create" | "refused">): TopicPreview => ({
      kind: TOPIC_PREVIEW_KIND, of, ...rest, status: topicStatus(topic.status, outcome, topic.metadata.generation, at),
    });
    switch (decision.action) {
      case "reconcile": {
        const { spec } = decision.topic;
        const config = Object.fromEntries(Object.entries(spec.config ?? {}).map(([key, value]) => [key, configValueString(value)]));
        return preview({ settled: "Ready", topicName: decision.topicName }, {
          create: { topicName: decision.topicName, partitions: spec.partitions ?? BROKER_DEFAULT, replicas: spec.replicas ?? BROKER_DEFAULT, config },
        });
      }
      case "fail":
        return preview({ failure: decision.failure, ...(decision.topicName !== undefined ? { topicName: decision.topicName } : {}) },
          { refused: `${decision.failure.reason}: ${decision.failure.message}` });
      case "unmanaged":
        return preview({ settled: "Unmanaged" }, { refused: "strimzi.io/managed is \"false\": Kafka is left alone" });
      case "paused":
        return preview({ settled: "ReconciliationPaused", topicName: decision.topicName }, { refused: "strimzi.io/pause-reconciliation is \"true\": Kafka is left alone" });
      case "delete":
        return { kind: TOPIC_PREVIEW_KIND, of, deleteTopic: decision.topicName };
      case "release":
        return { kind: TOPIC_PREVIEW_KIND, of, keepTopic: KEPT_BECAUSE[decision.why] };
      case "none":
        return { kind: TOPIC_PREVIEW_KIND, of, keepTopic: "it does not carry the strimzi.io/topic-operator finalizer" };
    }
  });
}
