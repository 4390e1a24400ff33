// Kafka versions this operator runs, with the metadata version a new cluster is
// formatted with. Mirrors Strimzi's supported set so that a Strimzi Kafka
// resource naming a version keeps working unchanged.
export interface KafkaVersion {
  version: string;
  metadataVersion: string;
}

export const SUPPORTED_KAFKA_VERSIONS: readonly KafkaVersion[] = [
  { version: "4.2.0", metadataVersion: "4.2-IV1" },
  { version: "4.2.1", metadataVersion: "4.2-IV1" },
  { version: "4.3.0", metadataVersion: "4.3-IV0" },
  { version: "4.3.1", metadataVersion: "4.3-IV0" },
];

export const DEFAULT_KAFKA_VERSION = "4.3.1";

export function findKafkaVersion(version: string): KafkaVersion | undefined {
  return SUPPORTED_KAFKA_VERSIONS.find((v) => v.version === version);
}

/** The official Apache Kafka image: everything our nodes need arrives through volumes. */
export const defaultKafkaImage = (version: string): string => `apache/kafka:${version}`;
