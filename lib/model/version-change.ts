// A change of `spec.kafka.version`, read as Strimzi's KRaftVersionChangeCreator
// reads it: from the versions the nodes run (their `strimzi.io/kafka-version`)
// against the spec, with the metadata version each phase uses. During a roll the
// cluster keeps the metadata version it has finalized; once every node runs the
// new version, the sidecar raises it (sidecar/reconcilers/metadata-version.ts).
import {
  chooseMetadataVersion, compareKafkaVersions, compareReleases, findKafkaVersion, isSafeMetadataDowngrade, metadataFeatureLevel, metadataVersionOfLevel, type KafkaVersion,
} from "./kafka-versions.js";

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

/** `from` is the version the nodes run: the one rolled from during a change (the spec's before any node runs). */
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

export interface MetadataVersionStepInput {
  /** `spec.kafka.version` (the default when unset) and `spec.kafka.metadataVersion`. */
  version: string;
  desiredMetadataVersion: string | undefined;
  /** Every node the PodSets describe: the version its pod runs (undefined without a pod or an annotation) and whether it is ready. */
  nodes: ReadonlyArray<{ version: string | undefined; ready: boolean }>;
  /** The `metadata.version` feature level Kafka has finalized. */
  finalizedLevel: number;
}

export type MetadataVersionStep =
  | { action: "wait"; why: string }
  | { action: "none" }
  | { action: "update"; version: string; level: number; downgrade: boolean }
  /** A downgrade Kafka would refuse (KRaftMetadataManager's failure), not asked. */
  | { action: "refuse"; version: string; message: string };

/**
 * What the sidecar does about the finalized `metadata.version` (Strimzi's KRaftMetadataManager,
 * after the roll): nothing until every node runs the spec's version and is ready; then bring it to
 * the metadata version the cluster uses without a version change: an upgrade, or a downgrade only
 * when Kafka allows it safely.
 */
export function metadataVersionStep(input: MetadataVersionStepInput): MetadataVersionStep {
  const target = findKafkaVersion(input.version);
  if (target === undefined) return { action: "wait", why: `Kafka ${input.version} is not supported` };
  if (input.nodes.length === 0) return { action: "wait", why: "the cluster has no nodes yet" };
  const behind = input.nodes.filter((n) => n.version !== target.version).length;
  if (behind > 0) return { action: "wait", why: `${behind} node(s) do not run Kafka ${target.version} yet` };
  const unready = input.nodes.filter((n) => !n.ready).length;
  if (unready > 0) return { action: "wait", why: `${unready} node(s) are not ready` };
  const finalized = metadataVersionOfLevel(input.finalizedLevel);
  const wanted = chooseMetadataVersion(input.desiredMetadataVersion, target, finalized);
  if (!wanted.ok) return { action: "wait", why: wanted.message };
  const level = metadataFeatureLevel(wanted.metadataVersion);
  if (level === undefined) return { action: "wait", why: `metadata version ${wanted.metadataVersion} has no feature level` };
  if (level === input.finalizedLevel) return { action: "none" };
  const version = metadataVersionOfLevel(level) ?? wanted.metadataVersion;
  if (level > input.finalizedLevel) return { action: "update", version, level, downgrade: false };
  if (isSafeMetadataDowngrade(input.finalizedLevel, level)) return { action: "update", version, level, downgrade: true };
  return {
    action: "refuse",
    version,
    message: `Failed to update metadata version to ${version}: going down from ${finalized ?? `feature level ${input.finalizedLevel}`} might delete metadata information, and only a safe downgrade is made`,
  };
}
