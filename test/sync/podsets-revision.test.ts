// Every PodSet of an answer carries one digest of them all (lib/podset/podsets-revision.ts),
// which the roller compares to tell a half-applied answer from a whole one.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { ANNOTATION } from "../../lib/labels.js";
import { answerApplied } from "../../lib/podset/podsets-revision.js";
import { exampleCluster, reconfigured } from "../helpers/example-cluster.js";

const revisions = (podSets: readonly StrimziPodSet[]): Array<string | undefined> => podSets.map((p) => p.metadata.annotations?.[ANNOTATION.podSetsRevision]);
const cluster = exampleCluster("kafka/kafka-persistent.yaml");

t.test("the PodSets of one answer carry the same revision, which a configuration change moves and a resync keeps", async (t) => {
  const [first, ...rest] = revisions(cluster.podSets);
  t.match(first, /^[0-9a-f]{16}$/);
  t.strictSame(rest, [first]);
  t.strictSame(revisions(reconfigured(cluster, () => undefined).podSets), [first, first], "the same spec answers the same revision");
  const changed = revisions(reconfigured(cluster, (spec) => {
    (spec["kafka"] as { config: Record<string, unknown> }).config["log.retention.hours"] = 72;
  }).podSets);
  t.equal(new Set(changed).size, 1);
  t.not(changed[0], first);
});

t.test("an answer is applied when every PodSet and the Kafka's status carry its revision, PodSets being deleted aside", async (t) => {
  const kafka = cluster.request.parent;
  const [controllers, brokers] = cluster.podSets as [StrimziPodSet, StrimziPodSet];
  const revision = brokers.metadata.annotations?.[ANNOTATION.podSetsRevision];
  const withStatus = (podSetsRevision: string | undefined): KubeObject => ({ ...kafka, status: { ...(kafka.status as object), podSetsRevision } });
  const stale = { ...brokers, metadata: { ...brokers.metadata, annotations: { ...brokers.metadata.annotations, [ANNOTATION.podSetsRevision]: "0000000000000000" } } };
  t.equal((kafka.status as { podSetsRevision?: string }).podSetsRevision, revision, "the hook's status carries the revision");
  t.ok(answerApplied(withStatus(revision), [controllers, brokers]));
  t.notOk(answerApplied(withStatus("0000000000000000"), [controllers, brokers]), "the status not written yet: children may still be on their way");
  t.notOk(answerApplied(withStatus(revision), [controllers, stale]), "one PodSet from another answer");
  t.ok(answerApplied(withStatus(revision), [controllers, { ...stale, metadata: { ...stale.metadata, deletionTimestamp: "2026-12-06T00:00:00Z" } }]), "a PodSet being deleted does not hold the others");
  const unannotated = (p: StrimziPodSet): StrimziPodSet => ({ ...p, metadata: { ...p.metadata, annotations: {} } });
  t.ok(answerApplied(withStatus(undefined), [unannotated(controllers), unannotated(brokers)]), "PodSets written before the revision existed");
  t.notOk(answerApplied(withStatus(undefined), [unannotated(controllers), brokers]), "until the new answer has reached them all");
});
