// Per-rack rolls: which brokers may restart together. Only ready broker-only
// nodes (a controller, dual-role or not, always restarts alone); the brokers of
// one rack, in roll order, at most `maxParallel` of them. Kafka still has to
// agree for the group as a whole (every partition keeps min.insync.replicas
// and a replica outside the group), which the caller asks.
import type { RestartCandidate } from "./roll-plan.js";

const brokerOnly = (candidate: RestartCandidate): boolean => candidate.checks.length === 1 && candidate.checks[0] === "broker";

/**
 * The groups worth asking Kafka about, one per rack in the order the racks'
 * first candidates come: each of two brokers or more, at most `maxParallel`.
 * Brokers without a known rack are never grouped.
 */
export function rackGroups(candidates: readonly RestartCandidate[], racks: ReadonlyMap<number, string>, maxParallel: number): RestartCandidate[][] {
  const byRack = new Map<string, RestartCandidate[]>();
  for (const candidate of candidates.filter(brokerOnly)) {
    const rack = racks.get(candidate.nodeId);
    if (rack === undefined) continue;
    const group = byRack.get(rack) ?? [];
    if (group.length < maxParallel) group.push(candidate);
    byRack.set(rack, group);
  }
  return [...byRack.values()].filter((group) => group.length > 1);
}
