// Schema of the `kafka.strimzi.io/v1` KafkaNodePool.
import { array, enumOf, integer, object } from "./combinators.js";
import { containerTemplate, jvmOptions, kafkaPodTemplate, resources, resourceTemplate } from "./common.js";
import { KAFKA_API_VERSION } from "./kafka.js";
import { resource } from "./resource.js";
import { storage } from "./storage.js";

const template = object({
  podSet: resourceTemplate("The StrimziPodSet."),
  pod: kafkaPodTemplate,
  perPodService: resourceTemplate("The per-node Services of external listeners."),
  perPodRoute: resourceTemplate("The per-node Routes."),
  perPodIngress: resourceTemplate("The per-node Ingresses."),
  persistentVolumeClaim: resourceTemplate("The PersistentVolumeClaims."),
  kafkaContainer: containerTemplate("The Kafka container."),
  initContainer: containerTemplate("The init container."),
}, { description: "Templates of the resources made for the pool's nodes; they override the Kafka's." });

export const kafkaNodePoolSpec = object({
  // Beyond this a StrimziPodSet would pass Metacontroller's 256 KiB last-applied limit (53 KiB at 100 nodes).
  replicas: integer({ minimum: 0, maximum: 400, description: "Number of nodes in the pool (at most 400)." }),
  storage,
  roles: array(enumOf(["controller", "broker"]), { minItems: 1, description: "What the pool's nodes do: KRaft controller, broker or both." }),
  resources,
  jvmOptions,
  template,
}, { required: ["replicas", "storage", "roles"], description: "A group of Kafka nodes with the same roles, storage and resources." });

export const kafkaNodePoolSchema = resource(KAFKA_API_VERSION, "KafkaNodePool", kafkaNodePoolSpec);
