// What Kafka Exporter is built from (its registration's input, kafka-exporter.ts):
// its section of the Kafka's spec and the little it needs of the cluster.
import type { KafkaExporterSpec } from "../../api/kafka.js";
import type { ResolvedCa } from "../../certificates/certificate-authorities.js";
import type { ClientCertificate } from "../../certificates/node-certificates.js";
import type { KafkaClusterModel } from "../../model/types.js";

/** Strimzi's component type: its objects' names (`<cluster>-kafka-exporter`), labels and certificate. */
export const KAFKA_EXPORTER = "kafka-exporter";

export interface KafkaExporterInput {
  cluster: Pick<KafkaClusterModel, "name" | "namespace">;
  /** The brokers' Kafka version, which kafka_exporter speaks. */
  kafkaVersion: string;
  spec: KafkaExporterSpec;
  /** Its client certificate; without one yet the Deployment waits (a pod could not start without the Secret). */
  certificate: ClientCertificate | undefined;
  clusterCa: Pick<ResolvedCa, "certGeneration" | "keyGeneration">;
}
