// An unready broker is restarted first in a roll (it serves nothing), but not
// one that is unready because it is recovering its logs after an unclean stop:
// a restart would start the recovery over. Strimzi asks the broker's agent for
// its state (RECOVERY); here Kafka's own view says it (sidecar/kafka/broker-startup.ts:
// registered with the controller, fenced until recovery is over, fetching the
// cluster metadata; or already unfenced, its pod about to turn ready).
// Such a broker is waited for, up to the recovery budget
// (`kafka-hooks.io/roll-recovery-timeout-seconds`, default 30 minutes); a broker
// Kafka does not see starting, or one past the budget, is restarted as before.
import { WAIT_REASON } from "../reasons.js";
import { ROLL_ANNOTATION } from "./roll-options.js";
import type { RollOutcome, RollWaitFor } from "./roll-status.js";

/** What Kafka says of an unready broker's start. */
export interface BrokerStartup {
  /**
   * Registered and in contact with the quorum: recovering its logs (fenced) or
   * about to be ready (unfenced); either way a restart would set it back.
   */
  recovering: boolean;
  /** What Kafka reported, in words, without timings (it goes into a message that must stay the same from pass to pass). */
  evidence: string;
}

export interface RecoveryInput {
  pod: string;
  startup: BrokerStartup;
  /** The roll's previous wait, whose start a wait for the same recovering pod keeps. */
  previous: RollWaitFor | undefined;
  now: Date;
  recoveryTimeoutMs: number;
  pending: readonly string[];
}

export type RecoveryDecision =
  | { action: "restart"; why: string }
  | { action: "wait"; outcome: Extract<RollOutcome, { kind: "waiting" }> };

export function recoveryDecision(input: RecoveryInput): RecoveryDecision {
  const { pod, startup, previous, now } = input;
  if (!startup.recovering) return { action: "restart", why: startup.evidence };
  const since = previous?.reason === WAIT_REASON.brokerRecovering && previous.next === pod && previous.since !== undefined ? previous.since : now.toISOString();
  const limit = Math.round(input.recoveryTimeoutMs / 1000);
  if (now.getTime() - Date.parse(since) > input.recoveryTimeoutMs) {
    return { action: "restart", why: `${startup.evidence}, but it has been recovering since ${since}, longer than the ${limit} s allowed (${ROLL_ANNOTATION.recoveryTimeout})` };
  }
  return {
    action: "wait",
    outcome: {
      kind: "waiting",
      reason: WAIT_REASON.brokerRecovering,
      message: `${pod} is starting (${startup.evidence}); it is not restarted before it is ready, `
        + `or before ${limit} s have passed since ${since} (${ROLL_ANNOTATION.recoveryTimeout})`,
      since,
      next: pod,
      pending: input.pending,
    },
  };
}
