// May a broker, or a group of brokers, restart without any partition they
// host dropping below min.insync.replicas? The rules for one broker are
// Strimzi's (KafkaAvailability.canRoll), so a cluster rolls under this
// operator exactly when it would under Strimzi:
//
// - A partition whose replication factor is at most its min.insync.replicas
//   never holds a broker back: restarting any of its replicas takes it below
//   the minimum, so waiting would block the roll forever. Such partitions are
//   reported with the verdict, so that users hear of them.
// - A partition already below min.insync.replicas holds back every broker with
//   a replica of it, in the ISR or not: a replica out of the ISR may be the
//   first to catch up, and one in the ISR is what still serves it.
// - A partition exactly at min.insync.replicas holds back the brokers in its ISR.
//
// A group (a rack, per-rack rolls) follows the same rules with the whole group
// taken out of the ISR at once, plus one: a partition with every replica in
// the group holds it back, whatever its replication factor, since restarting
// them together would take it offline (one at a time would not).
import type { UnprotectedPartition } from "../../lib/roller/unprotected.js";
import type { AvailabilityVerdict } from "../kafka-availability.js";
import type { PartitionState } from "./model.js";

/** Kafka's default for min.insync.replicas, used when neither the topic nor the broker sets it. */
export const DEFAULT_MIN_INSYNC_REPLICAS = 1;

const isrText = (isr: readonly number[]): string => `[${isr.join(",")}]`;

function blocker(group: ReadonlySet<number>, p: PartitionState, minIsr: number): string | undefined {
  const hosted = p.replicas.filter((r) => group.has(r));
  if (hosted.length === 0) return undefined;
  const single = group.size === 1;
  const who = single ? `broker ${[...group].join("")}` : `brokers ${[...group].join(",")}`;
  if (!single && hosted.length === p.replicas.length) {
    return `${p.topic}-${p.partition} has all its replicas ${isrText(p.replicas)} among ${who}: restarting them together would take it offline`;
  }
  if (p.replicas.length <= minIsr) return undefined;
  const head = `${p.topic}-${p.partition} has ISR ${isrText(p.isr)} and min.insync.replicas ${minIsr}`;
  const inIsr = p.isr.some((r) => group.has(r));
  if (p.isr.length < minIsr) {
    if (!single) return `${head}: it is already below the minimum and ${who} hold replicas of it`;
    return inIsr
      ? `${head}: it is already below the minimum and ${who} is one of its in-sync replicas`
      : `${head}: it is already below the minimum and ${who} holds a replica that may be the first to catch up`;
  }
  const left = p.isr.filter((r) => !group.has(r)).length;
  if (left < minIsr) return `${head}: restarting ${who} would leave ${left}`;
  return undefined;
}

const byTopicAndPartition = (a: PartitionState, b: PartitionState): number =>
  (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition);

/** Partitions a removal refusal names, per broker. */
const NAMED_PARTITIONS = 3;

/**
 * May these brokers be removed for good? Only when no partition has a replica
 * on any of them (Strimzi's scale-down check): their data would otherwise be
 * lost, or left under-replicated until reassigned. The reason counts each
 * broker's replicas and names the first partitions.
 */
export function brokersRemovalVerdict(brokerIds: readonly number[], partitions: readonly PartitionState[]): AvailabilityVerdict {
  const hosted = brokerIds.flatMap((id) => {
    const onBroker = [...partitions].sort(byTopicAndPartition).filter((p) => p.replicas.includes(id));
    if (onBroker.length === 0) return [];
    const named = onBroker.slice(0, NAMED_PARTITIONS).map((p) => `${p.topic}-${p.partition}`).join(", ");
    const more = onBroker.length > NAMED_PARTITIONS ? ", ..." : "";
    return [`broker ${id} hosts replicas of ${onBroker.length} partition${onBroker.length === 1 ? "" : "s"} (${named}${more})`];
  });
  return hosted.length === 0 ? { ok: true } : { ok: false, reason: hosted.join("; ") };
}

/**
 * The verdict for restarting `brokerIds` together, given every partition of
 * the cluster and each topic's effective min.insync.replicas. The reason names
 * the first blocking partition (by topic, then partition) and counts the others.
 */
export function brokersRestartVerdict(
  brokerIds: readonly number[],
  partitions: readonly PartitionState[],
  minInsyncReplicas: (topic: string) => number,
): AvailabilityVerdict {
  const group = new Set(brokerIds);
  const ordered = [...partitions].sort(byTopicAndPartition);
  const reasons = ordered.flatMap((p) => blocker(group, p, minInsyncReplicas(p.topic)) ?? []);
  const [first] = reasons;
  if (first === undefined) {
    const unprotected: UnprotectedPartition[] = ordered
      .filter((p) => p.replicas.some((r) => group.has(r)) && p.replicas.length <= minInsyncReplicas(p.topic))
      .map((p) => ({ topic: p.topic, partition: p.partition, replicationFactor: p.replicas.length, minInsyncReplicas: minInsyncReplicas(p.topic) }));
    return unprotected.length > 0 ? { ok: true, unprotected } : { ok: true };
  }
  const others = reasons.length - 1;
  return { ok: false, reason: others === 0 ? first : `${first}; and ${others} more partition${others === 1 ? "" : "s"}` };
}
