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

/** Compares Kafka versions part by part as numbers (`4.10.0` after `4.9.1`), as Strimzi's KafkaVersion.compareVersions. */
export function compareKafkaVersions(a: string, b: string): number {
  const as = a.split(".").map(Number);
  const bs = b.split(".").map(Number);
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const diff = (as[i] ?? 0) - (bs[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The official Apache Kafka image: everything our nodes need arrives through volumes. */
export const defaultKafkaImage = (version: string): string => `apache/kafka:${version}`;

/**
 * Kafka 4.3's metadata versions (org.apache.kafka.server.common.MetadataVersion),
 * oldest first: from the oldest Kafka 4 reads (3.3-IV3, feature level 7) to the
 * newest production one, each one feature level above the one before, with
 * `didMetadataChange` (whether records written at this version may be lost when
 * going below it: Kafka refuses such a downgrade). Read from Kafka 4.3.1's
 * MetadataVersion.VERSIONS. Strimzi validates `spec.kafka.metadataVersion`
 * against this enum (KafkaCluster.validateMetadataVersion).
 */
const METADATA_VERSION_TABLE: ReadonlyArray<readonly [version: string, didMetadataChange: boolean]> = [
  ["3.3-IV3", true], ["3.4-IV0", true], ["3.5-IV0", false], ["3.5-IV1", false], ["3.5-IV2", true],
  ["3.6-IV0", false], ["3.6-IV1", true], ["3.6-IV2", true], ["3.7-IV0", true], ["3.7-IV1", false],
  ["3.7-IV2", true], ["3.7-IV3", false], ["3.7-IV4", false], ["3.8-IV0", false], ["3.9-IV0", false],
  ["4.0-IV0", false], ["4.0-IV1", true], ["4.0-IV2", false], ["4.0-IV3", false], ["4.1-IV0", false],
  ["4.1-IV1", false], ["4.2-IV0", false], ["4.2-IV1", false], ["4.3-IV0", true],
];
const METADATA_VERSIONS: readonly string[] = METADATA_VERSION_TABLE.map(([version]) => version);
/** The feature level of METADATA_VERSIONS[0]: `metadata.version` as UpdateFeatures and ApiVersions carry it. */
const OLDEST_FEATURE_LEVEL = 7;

const release = (metadataVersion: string): string => metadataVersion.split("-")[0] ?? metadataVersion;
const RELEASES = new Set(METADATA_VERSIONS.map(release));
const KNOWN = new Set(METADATA_VERSIONS);

/** `3.6.1` is read as `3.6`: beyond two dotted parts only the first two count. */
const metadataVersionKey = (value: string): string => {
  const parts = value.split(".");
  return parts.length > 2 ? parts.slice(0, 2).join(".") : value;
};

/**
 * Whether Kafka reads the value as a metadata version, as MetadataVersion.fromVersionString
 * does: an exact version (`3.6-IV2`) or a release (`3.6`, the newest version of that
 * release); beyond two dotted parts only the first two count (`3.6.1` is `3.6`).
 */
function isKnownMetadataVersion(value: string): boolean {
  const key = metadataVersionKey(value);
  return KNOWN.has(key) || RELEASES.has(key);
}

/** The feature level Kafka finalizes for a metadata version (`4.3` is 4.3's newest), or undefined for one it does not know. */
export function metadataFeatureLevel(value: string): number | undefined {
  const key = metadataVersionKey(value);
  const index = KNOWN.has(key) ? METADATA_VERSIONS.indexOf(key) : METADATA_VERSIONS.findLastIndex((v) => release(v) === key);
  return index < 0 ? undefined : OLDEST_FEATURE_LEVEL + index;
}

/** The metadata version of a feature level, as MetadataVersion.fromFeatureLevel names it, or undefined for one this table does not hold. */
export function metadataVersionOfLevel(level: number): string | undefined {
  return METADATA_VERSIONS[level - OLDEST_FEATURE_LEVEL];
}

/**
 * Whether Kafka lowers `metadata.version` from one level to another with a SAFE_DOWNGRADE
 * (MetadataVersion.checkIfMetadataChanged): only when no version above the target, up to the
 * current one, changed the metadata records.
 */
export function isSafeMetadataDowngrade(fromLevel: number, toLevel: number): boolean {
  if (toLevel >= fromLevel) return false;
  const above = METADATA_VERSION_TABLE.slice(toLevel - OLDEST_FEATURE_LEVEL + 1, fromLevel - OLDEST_FEATURE_LEVEL + 1);
  return toLevel >= OLDEST_FEATURE_LEVEL && above.length === fromLevel - toLevel && above.every(([, changed]) => !changed);
}

/** Compares two metadata versions by release only, as Strimzi's KafkaVersion.compareMetadataVersions. */
export function compareReleases(a: string, b: string): number {
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
