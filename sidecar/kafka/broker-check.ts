// May a broker restart without any partition it hosts dropping below
// min.insync.replicas? The rules are Strimzi's (KafkaAvailability.canRoll), so
// a cluster rolls under this operator exactly when it would under Strimzi:
//
// - A partition whose replication factor is at most its min.insync.replicas
//   never holds a broker back: restarting any of its replicas takes it below
//   the minimum, so waiting would block the roll forever.
// - A partition already below min.insync.replicas holds back every broker with
//   a replica of it, in the ISR or not: a replica out of the ISR may be the
//   first to catch up, and one in the ISR is what still serves it.
// - A partition exactly at min.insync.replicas holds back the brokers in its ISR.
import type { AvailabilityVerdict } from "../kafka-availability.js";
import type { PartitionState } from "./model.js";

/** Kafka's default for min.insync.replicas, used when neither the topic nor the broker sets it. */
export const DEFAULT_MIN_INSYNC_REPLICAS = 1;

const isrText = (isr: readonly number[]): string => `[${isr.join(",")}]`;

function blocker(brokerId: number, p: PartitionState, minIsr: number): string | undefined {
  if (!p.replicas.includes(brokerId) || p.replicas.length <= minIsr) return undefined;
  const head = `${p.topic}-${p.partition} has ISR ${isrText(p.isr)} and min.insync.replicas ${minIsr}`;
  const inIsr = p.isr.includes(brokerId);
  if (p.isr.length < minIsr) {
    return inIsr
      ? `${head}: it is already below the minimum and broker ${brokerId} is one of its in-sync replicas`
      : `${head}: it is already below the minimum and broker ${brokerId} holds a replica that may be the first to catch up`;
  }
  if (p.isr.length === minIsr && inIsr) return `${head}: restarting broker ${brokerId} would leave ${minIsr - 1}`;
  return undefined;
}

/**
 * The verdict for restarting `brokerId`, given every partition of the cluster
 * and each topic's effective min.insync.replicas. The reason names the first
 * blocking partition (by topic, then partition) and counts the others.
 */
export function brokerRestartVerdict(
  brokerId: number,
  partitions: readonly PartitionState[],
  minInsyncReplicas: (topic: string) => number,
): AvailabilityVerdict {
  const ordered = [...partitions].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  const reasons = ordered.flatMap((p) => blocker(brokerId, p, minInsyncReplicas(p.topic)) ?? []);
  const [first] = reasons;
  if (first === undefined) return { ok: true };
  const others = reasons.length - 1;
  return { ok: false, reason: others === 0 ? first : `${first}; and ${others} more partition${others === 1 ? "" : "s"}` };
}
