// A change of `spec.kafka.version`, read as Strimzi's KRaftVersionChangeCreator
// reads it: from the versions the nodes run (their `strimzi.io/kafka-version`)
// against the spec, with the metadata version each phase uses. During a roll the
// cluster keeps the metadata version it has finalized; once every node runs the
// new version, the sidecar raises it (sidecar/reconcilers/metadata-version.ts).
import { compareKafkaVersions, compareReleases, metadataFeatureLevel, type KafkaVersion } from "./kafka-versions.js";

/** The oldest metadata version Kafka 4 reads: a cluster below it cannot be upgraded to any version we run. */
const OLDEST_READABLE_METADATA_VERSION = "3.3-IV3";

export interface VersionChangeInput {
  /** The versions the nodes run, one entry per version seen; empty for a cluster without nodes yet. */
  running: readonly string[];
  /** `spec.kafka.version`, resolved in the supported set. */
  target: KafkaVersion;
  /** The metadata version the cluster uses when its version does not change (chooseMetadataVersion). */
  unchangedMetadataVersion: string;
  /** The metadata version the cluster has finalized, as the sidecar last read it (or the status last said). */
  currentMetadataVersion: string | undefined;
  /** The supported set, to find the version upgraded from. */
  lookup: (version: string) => KafkaVersion | undefined;
}

export type VersionChange =
  | { ok: true; kind: "none" | "upgrade" | "downgrade"; from: string; to: string; metadataVersion: string }
  | { ok: false; path: string; message: string };

export function versionChange(input: VersionChangeInput): VersionChange {
  const { target, currentMetadataVersion: current } = input;
  if (input.running.length === 0) {
    return { ok: true, kind: "none", from: target.version, to: target.version, metadataVersion: input.unchangedMetadataVersion };
  }
  const sorted = [...input.running].sort(compareKafkaVersions);
  const lowest = sorted[0] ?? target.version;
  const highest = sorted[sorted.length - 1] ?? target.version;
  if (compareKafkaVersions(highest, target.version) > 0) {
    // Some node runs a newer version than wanted: a downgrade (or one that failed half-way, to be finished).
    if (current === undefined) return { ok: true, kind: "downgrade", from: highest, to: target.version, metadataVersion: target.metadataVersion };
    if (compareReleases(current, target.metadataVersion) > 0) {
      return {
        ok: false,
        path: "spec.kafka.version",
        message: `The current metadata version (${current}) has to be lower or equal to the Kafka broker version we are downgrading to (${target.version}); the nodes run ${sorted.join(", ")}`,
      };
    }
    return { ok: true, kind: "downgrade", from: highest, to: target.version, metadataVersion: current };
  }
  if (compareKafkaVersions(lowest, target.version) === 0) {
    return { ok: true, kind: "none", from: lowest, to: target.version, metadataVersion: input.unchangedMetadataVersion };
  }
  // Every node runs this version or an older one: an upgrade (or one that failed half-way, to be finished).
  const from = input.lookup(lowest);
  const fromMetadataVersion = from?.metadataVersion ?? current;
  if (current === undefined) {
    if (fromMetadataVersion === undefined) {
      return { ok: false, path: "spec.kafka.version", message: `The nodes run Kafka ${lowest}, which is not supported, and the cluster's metadata version is not known: the upgrade to ${target.version} cannot be planned` };
    }
    return { ok: true, kind: "upgrade", from: lowest, to: target.version, metadataVersion: fromMetadataVersion };
  }
  if (fromMetadataVersion !== undefined && compareReleases(current, fromMetadataVersion) > 0) {
    return { ok: false, path: "spec.kafka.version", message: `The current metadata version (${current}) has to be lower or equal to the Kafka broker version we upgrade from (${lowest})` };
  }
  if (metadataFeatureLevel(current) === undefined && compareReleases(current, OLDEST_READABLE_METADATA_VERSION) <= 0) {
    return {
      ok: false,
      path: "spec.kafka.version",
      message: `The current metadata version (${current}) is older than Kafka ${target.version} reads (${OLDEST_READABLE_METADATA_VERSION}): upgrade from ${lowest} to a version that reads it first`,
    };
  }
  return { ok: true, kind: "upgrade", from: lowest, to: target.version, metadataVersion: current };
}
