// Partitions whose replication factor is at most their min.insync.replicas:
// no restart of one of their replicas keeps them writable with acks=all, so
// the roll lets them go (waiting would block it forever, Strimzi issue #2964)
// and tells the user, who can fix it by raising their replication factor.

export interface UnprotectedPartition {
  topic: string;
  partition: number;
  replicationFactor: number;
  minInsyncReplicas: number;
}

/** At most this many partition numbers per topic in a note: Events hold 1 KiB. */
const LISTED = 8;

export function unprotectedNote(partitions: readonly UnprotectedPartition[]): string {
  const topics = new Map<string, UnprotectedPartition[]>();
  for (const p of partitions) topics.set(p.topic, [...(topics.get(p.topic) ?? []), p]);
  const described = [...topics.entries()].map(([topic, list]) => {
    const numbers = list.map((p) => p.partition).sort((a, b) => a - b);
    const shown = numbers.slice(0, LISTED).join(", ") + (numbers.length > LISTED ? ` and ${numbers.length - LISTED} more` : "");
    const factors = [...new Set(list.map((p) => `replication factor ${p.replicationFactor}, min.insync.replicas ${p.minInsyncReplicas}`))].join("; ");
    return `${topic} (partition${numbers.length > 1 ? "s" : ""} ${shown}: ${factors})`;
  });
  return `The roll does not wait for partitions that cannot stay in sync while a replica restarts: ${described.join("; ")}. `
    + "They are unavailable to acks=all producers while their broker restarts; "
    + "raise their replication factor above min.insync.replicas to keep them available during rolls.";
}
