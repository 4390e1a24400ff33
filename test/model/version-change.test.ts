// Strimzi's KRaftVersionChangeCreatorTest, case for case where it applies (KRaft only; pods
// without a version annotation are read through their PodSet, so that case is not ported),
// with its versions: the default 4.3.1 (metadata 4.3-IV0), the previous 4.2.1 (4.2-IV1),
// 3.99.0 and 99.0.0 unknown. Plus the metadata feature levels and safe downgrades as Kafka
// 4.3.1's MetadataVersion has them.
import t from "tap";
import { chooseMetadataVersion, findKafkaVersion, isSafeMetadataDowngrade, metadataFeatureLevel, metadataVersionOfLevel, type KafkaVersion } from "../../lib/model/kafka-versions.js";
import { metadataVersionStep, versionChange, type VersionChange } from "../../lib/model/version-change.js";

const version = (v: string): KafkaVersion => {
  const found = findKafkaVersion(v);
  if (!found) throw new Error(`no Kafka ${v}`);
  return found;
};
const DEFAULT = version("4.3.1");
const PREVIOUS = version("4.2.1");

/** Strimzi's mockKafka(kafkaVersion, currentMetadataVersion, desiredMetadataVersion) with pods all on `running`. */
function change(target: KafkaVersion, current: string | undefined, desired: string | undefined, running: readonly string[]): VersionChange {
  const unchanged = chooseMetadataVersion(desired, target, current);
  if (!unchanged.ok) throw new Error(unchanged.message);
  return versionChange({ running, target, unchangedMetadataVersion: unchanged.metadataVersion, currentMetadataVersion: current, lookup: findKafkaVersion });
}

t.test("a new cluster: no pods, no change, the version's metadata version", async (t) => {
  t.strictSame(change(DEFAULT, DEFAULT.metadataVersion, DEFAULT.metadataVersion, []), { ok: true, kind: "none", from: "4.3.1", to: "4.3.1", metadataVersion: "4.3-IV0" });
  t.strictSame(change(DEFAULT, undefined, undefined, []), { ok: true, kind: "none", from: "4.3.1", to: "4.3.1", metadataVersion: "4.3-IV0" });
});

t.test("an existing cluster without a version change", async (t) => {
  const none = (metadataVersion: string) => ({ ok: true, kind: "none", from: "4.3.1", to: "4.3.1", metadataVersion });
  t.strictSame(change(DEFAULT, "4.3-IV0", "4.3-IV0", ["4.3.1"]), none("4.3-IV0"), "all versions");
  t.strictSame(change(DEFAULT, "4.3-IV0", undefined, ["4.3.1"]), none("4.3-IV0"), "without versions");
  t.strictSame(change(DEFAULT, "3.4-IV0", undefined, ["4.3.1"]), none("4.3-IV0"), "an old metadata version, none desired: the version's");
  t.strictSame(change(DEFAULT, "3.4-IV0", "3.6", ["4.3.1"]), none("3.6"), "a new metadata version");
  t.strictSame(change(DEFAULT, "3.4-IV0", "3.5-IV2", ["4.3.1"]), none("3.5-IV2"));
});

t.test("an upgrade keeps the current metadata version during the roll", async (t) => {
  const upgrade = (metadataVersion: string) => ({ ok: true, kind: "upgrade", from: "4.2.1", to: "4.3.1", metadataVersion });
  t.strictSame(change(DEFAULT, "4.2-IV1", "4.3-IV0", ["4.2.1"]), upgrade("4.2-IV1"), "all versions");
  t.strictSame(change(DEFAULT, "4.2-IV1", undefined, ["4.2.1"]), upgrade("4.2-IV1"), "without versions");
  t.strictSame(change(DEFAULT, "4.2-IV1", "4.3-IV0", ["4.2.1", "4.3.1"]), upgrade("4.2-IV1"), "mixed pods");
  t.strictSame(change(DEFAULT, "4.2-IV1", undefined, ["4.3.1", "4.2.1"]), upgrade("4.2-IV1"), "mixed pods without versions");
  t.strictSame(change(DEFAULT, "3.6-IV2", undefined, ["4.2.1"]), upgrade("3.6-IV2"));
  t.strictSame(change(DEFAULT, undefined, undefined, ["4.2.1"]), upgrade("4.2-IV1"), "no current metadata version: the one of the version upgraded from");
});

t.test("an upgrade from an unknown version keeps the current metadata version", async (t) => {
  t.strictSame(change(DEFAULT, "4.3-IV0", "4.3-IV0", ["3.99.0"]), { ok: true, kind: "upgrade", from: "3.99.0", to: "4.3.1", metadataVersion: "4.3-IV0" });
  t.strictSame(change(DEFAULT, undefined, undefined, ["3.99.0"]), {
    ok: false, path: "spec.kafka.version",
    message: "The nodes run Kafka 3.99.0, which is not supported, and the cluster's metadata version is not known: the upgrade to 4.3.1 cannot be planned",
  });
});

t.test("an upgrade is refused when the current metadata version is newer than the version upgraded from", async (t) => {
  t.strictSame(change(DEFAULT, "5.11-IV1", "4.3-IV0", ["4.2.1"]), {
    ok: false, path: "spec.kafka.version",
    message: "The current metadata version (5.11-IV1) has to be lower or equal to the Kafka broker version we upgrade from (4.2.1)",
  });
});

t.test("an upgrade from a metadata version Kafka 4 no longer reads is refused", async (t) => {
  t.strictSame(change(DEFAULT, "3.3-IV0", undefined, ["3.99.0"]), {
    ok: false, path: "spec.kafka.version",
    message: "The current metadata version (3.3-IV0) is older than Kafka 4.3.1 reads (3.3-IV3): upgrade from 3.99.0 to a version that reads it first",
  });
});

t.test("a downgrade keeps the current metadata version during the roll", async (t) => {
  const downgrade = (metadataVersion: string) => ({ ok: true, kind: "downgrade", from: "4.3.1", to: "4.2.1", metadataVersion });
  t.strictSame(change(PREVIOUS, "4.2-IV1", "4.2-IV1", ["4.3.1"]), downgrade("4.2-IV1"), "all versions");
  t.strictSame(change(PREVIOUS, "4.2-IV1", undefined, ["4.3.1"]), downgrade("4.2-IV1"), "no desired metadata version");
  t.strictSame(change(PREVIOUS, "3.4-IV0", "3.4-IV0", ["4.3.1"]), downgrade("3.4-IV0"), "an old metadata version");
  t.strictSame(change(PREVIOUS, "4.2-IV1", "4.2-IV1", ["4.2.1", "4.3.1"]), downgrade("4.2-IV1"), "mixed pods");
  t.strictSame(change(PREVIOUS, "4.2", undefined, ["4.3.1"]), downgrade("4.2"), "a release as the current metadata version");
  t.strictSame(change(PREVIOUS, undefined, undefined, ["4.3.1"]), downgrade("4.2-IV1"), "no current metadata version: the target's");
});

t.test("a downgrade from an unknown version", async (t) => {
  t.strictSame(change(DEFAULT, "4.3-IV0", "4.3-IV0", ["99.0.0"]), { ok: true, kind: "downgrade", from: "99.0.0", to: "4.3.1", metadataVersion: "4.3-IV0" });
});

t.test("a downgrade is refused while the metadata version is newer than the target supports", async (t) => {
  t.strictSame(change(PREVIOUS, "4.3-IV0", "4.2-IV1", ["4.3.1"]), {
    ok: false, path: "spec.kafka.version",
    message: "The current metadata version (4.3-IV0) has to be lower or equal to the Kafka broker version we are downgrading to (4.2.1); the nodes run 4.3.1",
  }, "not downgraded");
  t.strictSame(change(PREVIOUS, "5.11-IV1", "4.2-IV1", ["4.2.1", "4.3.1"]), {
    ok: false, path: "spec.kafka.version",
    message: "The current metadata version (5.11-IV1) has to be lower or equal to the Kafka broker version we are downgrading to (4.2.1); the nodes run 4.2.1, 4.3.1",
  }, "wrong");
});

t.test("metadata feature levels as Kafka 4.3.1 numbers them", async (t) => {
  t.strictSame(["3.3-IV3", "3.3", "4.0-IV3", "4.1-IV0", "4.2-IV1", "4.2", "4.3-IV0", "4.3", "3.6.1"].map(metadataFeatureLevel), [7, 7, 25, 26, 29, 29, 30, 30, 14]);
  t.strictSame(["3.3-IV0", "3.2", "4.4-IV0", "latest"].map(metadataFeatureLevel), [undefined, undefined, undefined, undefined]);
  t.strictSame([7, 29, 30, 6, 31].map(metadataVersionOfLevel), ["3.3-IV3", "4.2-IV1", "4.3-IV0", undefined, undefined]);
});

t.test("a metadata downgrade is safe only when no version above the target changed the metadata", async (t) => {
  t.equal(isSafeMetadataDowngrade(29, 26), true, "4.2-IV1 to 4.1-IV0: none changed");
  t.equal(isSafeMetadataDowngrade(30, 29), false, "4.3-IV0 to 4.2-IV1: 4.3-IV0 changed");
  t.equal(isSafeMetadataDowngrade(29, 23), true, "4.2-IV1 to 4.0-IV1: 4.0-IV1 itself changed, but it is the target");
  t.equal(isSafeMetadataDowngrade(29, 22), false, "4.2-IV1 to 4.0-IV0: 4.0-IV1 changed");
  t.equal(isSafeMetadataDowngrade(29, 29), false, "not a downgrade");
  t.equal(isSafeMetadataDowngrade(8, 6), false, "below 3.3-IV3");
});

t.test("the sidecar's step: wait for the roll, then raise; lower only safely", async (t) => {
  const nodes = (version: string | undefined, ready = true) => Array.from({ length: 6 }, () => ({ version, ready }));
  const step = (version: string, desired: string | undefined, finalizedLevel: number, n = nodes("4.3.1")) =>
    metadataVersionStep({ version, desiredMetadataVersion: desired, nodes: n, finalizedLevel });
  t.strictSame(step("4.3.1", undefined, 29), { action: "update", version: "4.3-IV0", level: 30, downgrade: false }, "every node on 4.3.1 and ready: to the version's own");
  t.strictSame(step("4.3.1", "4.3", 29), { action: "update", version: "4.3-IV0", level: 30, downgrade: false }, "a release names its newest");
  t.strictSame(step("4.3.1", undefined, 30), { action: "none" });
  t.strictSame(step("4.3.1", undefined, 29, [...nodes("4.3.1").slice(1), { version: "4.2.1", ready: true }]), { action: "wait", why: "1 node(s) do not run Kafka 4.3.1 yet" });
  t.strictSame(step("4.3.1", undefined, 29, [...nodes("4.3.1").slice(2), { version: undefined, ready: false }, { version: undefined, ready: false }]), { action: "wait", why: "2 node(s) do not run Kafka 4.3.1 yet" }, "no pod, or one without the annotation");
  t.strictSame(step("4.3.1", undefined, 29, [...nodes("4.3.1").slice(1), { version: "4.3.1", ready: false }]), { action: "wait", why: "1 node(s) are not ready" });
  t.strictSame(step("4.3.1", undefined, 29, []), { action: "wait", why: "the cluster has no nodes yet" });
  t.strictSame(step("4.9.0", undefined, 29), { action: "wait", why: "Kafka 4.9.0 is not supported" });
  t.strictSame(step("4.3.1", "4.1-IV0", 29), { action: "update", version: "4.1-IV0", level: 26, downgrade: true }, "4.2-IV1 to 4.1-IV0: no version between changed the metadata");
  t.strictSame(step("4.3.1", "4.2-IV1", 30), {
    action: "refuse", version: "4.2-IV1",
    message: "Failed to update metadata version to 4.2-IV1: going down from 4.3-IV0 might delete metadata information, and only a safe downgrade is made",
  }, "4.3-IV0 changed the metadata: not asked");
  t.strictSame(step("4.2.1", undefined, 30, nodes("4.2.1")), {
    action: "refuse", version: "4.2-IV1",
    message: "Failed to update metadata version to 4.2-IV1: going down from 4.3-IV0 might delete metadata information, and only a safe downgrade is made",
  }, "nodes on 4.2.1 with 4.3-IV0 finalized (the hook refuses such a downgrade; here it happened behind its back)");
});
