// May a controller restart without the KRaft quorum losing its majority? The
// count is Strimzi's (KafkaQuorumCheck): leave the controller out, count the
// voters that are caught up with the leader, and require a majority of all
// voters. Like Strimzi, a quorum of one always rolls (there is nothing to
// keep) and a quorum of two rolls when the other voter is caught up (no
// restart of either keeps two of two; refusing would block the roll forever).
//
// Caught up, for a voter other than the leader, means all of:
// - it fetched from the leader within `fetchTimeoutMs` of the leader's answer;
// - it last reached the leader's log end within `fetchTimeoutMs` (Strimzi's
//   rule, on lastCaughtUpTimestamp);
// - its log end offset is at most `maxLagRecords` behind the leader's.
// Times are compared with the leader's own timestamps, which Kafka sets to the
// moment of its answer, so the clocks of the sidecar and Kafka never meet.
import type { AvailabilityVerdict } from "../kafka-availability.js";
import type { QuorumState, VoterState } from "./model.js";

export interface QuorumThresholds {
  readonly fetchTimeoutMs: number;
  readonly maxLagRecords: number;
}

/**
 * 2000 ms is Kafka's default `controller.quorum.fetch.timeout.ms`, after which a
 * follower that has not fetched starts an election, and the window Strimzi uses.
 * 1000 records: the metadata log of a quiet cluster grows by about two no-op
 * records a second, so a follower that fetches is normally a few records behind;
 * a thousand leaves room for a burst of topic changes, while a voter replaying
 * a snapshot or a long log is far beyond it.
 */
export const DEFAULT_QUORUM_THRESHOLDS: QuorumThresholds = { fetchTimeoutMs: 2000, maxLagRecords: 1000 };

function lagging(voter: VoterState, leader: VoterState, limits: QuorumThresholds): string | undefined {
  const id = `voter ${voter.nodeId}`;
  if (voter.lastFetchTimestamp < 0) return `${id} has not fetched from the leader`;
  const sinceFetch = leader.lastFetchTimestamp - voter.lastFetchTimestamp;
  if (sinceFetch >= limits.fetchTimeoutMs) return `${id} last fetched ${sinceFetch} ms ago`;
  if (voter.lastCaughtUpTimestamp < 0) return `${id} has not caught up with the leader`;
  const sinceCaughtUp = leader.lastCaughtUpTimestamp - voter.lastCaughtUpTimestamp;
  if (sinceCaughtUp >= limits.fetchTimeoutMs) return `${id} last caught up ${sinceCaughtUp} ms ago`;
  const lag = leader.logEndOffset - voter.logEndOffset;
  if (voter.logEndOffset < 0 || lag > limits.maxLagRecords) {
    return `${id} is at offset ${voter.logEndOffset}, ${lag} records behind the leader`;
  }
  return undefined;
}

/** Votes needed among the other voters: a majority, except Strimzi's allowance for a quorum of two. */
const needed = (voters: number): number => (voters === 2 ? 1 : Math.floor(voters / 2) + 1);

export function controllerRestartVerdict(nodeId: number, quorum: QuorumState, limits: QuorumThresholds): AvailabilityVerdict {
  if (quorum.leaderId < 0) return { ok: false, reason: "the controller quorum has no leader" };
  const leader = quorum.voters.find((v) => v.nodeId === quorum.leaderId);
  if (leader === undefined) return { ok: false, reason: `the quorum leader ${quorum.leaderId} is not one of the voters` };
  const total = quorum.voters.length;
  if (total === 1) return { ok: true };

  const others = quorum.voters.filter((v) => v.nodeId !== nodeId).sort((a, b) => a.nodeId - b.nodeId);
  const behind = others.flatMap((v) => (v === leader ? [] : lagging(v, leader, limits) ?? []));
  const caughtUp = others.length - behind.length;
  const required = needed(total);
  if (caughtUp >= required) return { ok: true };
  return {
    ok: false,
    reason: `restarting controller ${nodeId} would leave ${caughtUp} of ${total} voters caught up with leader ${leader.nodeId}, `
      + `fewer than the ${required} needed: ${behind.join("; ")}`,
  };
}
