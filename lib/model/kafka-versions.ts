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

/**
 * Kafka 4.3's metadata versions (org.apache.kafka.server.common.MetadataVersion),
 * oldest first: from the oldest Kafka 4 reads (3.3-IV3) to the newest production
 * one. Strimzi validates `spec.kafka.metadataVersion` against this enum
 * (KafkaCluster.validateMetadataVersion).
 */
const METADATA_VERSIONS: readonly string[] = [
  "3.3-IV3", "3.4-IV0", "3.5-IV0", "3.5-IV1", "3.5-IV2", "3.6-IV0", "3.6-IV1", "3.6-IV2",
  "3.7-IV0", "3.7-IV1", "3.7-IV2", "3.7-IV3", "3.7-IV4", "3.8-IV0", "3.9-IV0",
  "4.0-IV0", "4.0-IV1", "4.0-IV2", "4.0-IV3", "4.1-IV0", "4.1-IV1", "4.2-IV0", "4.2-IV1", "4.3-IV0",
];

const release = (metadataVersion: string): string => metadataVersion.split("-")[0] ?? metadataVersion;
const RELEASES = new Set(METADATA_VERSIONS.map(release));
const KNOWN = new Set(METADATA_VERSIONS);

/**
 * Whether Kafka reads the value as a metadata version, as MetadataVersion.fromVersionString
 * does: an exact version (`3.6-IV2`) or a release (`3.6`, the newest version of that
 * release); beyond two dotted parts only the first two count (`3.6.1` is `3.6`).
 */
function isKnownMetadataVersion(value: string): boolean {
  const parts = value.split(".");
  const key = parts.length > 2 ? parts.slice(0, 2).join(".") : value;
  return KNOWN.has(key) || RELEASES.has(key);
}

/** Compares two metadata versions by release only, as Strimzi's KafkaVersion.compareMetadataVersions. */
function compareReleases(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = release(a).split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = release(b).split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

export type MetadataVersionChoice =
  | { ok: true; metadataVersion: string; notApplied?: string }
  | { ok: false; message: string };

/**
 * The metadata version a cluster uses. An unknown one is refused (every node's
 * `kafka-storage format` would fail). One newer than the Kafka version's is not
 * applied, as in Strimzi (KRaftVersionChangeCreator.metadataVersionWithoutKafkaVersionChange):
 * the cluster keeps the version it uses, or gets the Kafka version's own.
 */
export function chooseMetadataVersion(requested: string | undefined, kafka: KafkaVersion, current: string | undefined): MetadataVersionChoice {
  if (requested === undefined) return { ok: true, metadataVersion: kafka.metadataVersion };
  if (!isKnownMetadataVersion(requested)) {
    return { ok: false, message: `Metadata version ${requested} is invalid: Kafka ${kafka.version} supports ${METADATA_VERSIONS[0]} to ${kafka.metadataVersion} (or a release such as ${release(kafka.metadataVersion)})` };
  }
  if (compareReleases(requested, kafka.metadataVersion) <= 0) return { ok: true, metadataVersion: requested };
  const kept = current !== undefined && isKnownMetadataVersion(current) && compareReleases(current, kafka.metadataVersion) <= 0 ? current : kafka.metadataVersion;
  return { ok: true, metadataVersion: kept, notApplied: `metadata version ${requested} is newer than Kafka ${kafka.version} supports; ${kept} is used` };
}
