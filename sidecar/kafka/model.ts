// What the availability checks read from Kafka, in this project's terms: the
// client library's response types stay inside client.ts.

/** One broker as the Metadata response describes it. */
export interface BrokerState {
  readonly nodeId: number;
  /** Where it listens on the listener the request came in on. */
  readonly host: string;
  readonly port: number;
  /** `broker.rack`; null when the broker has none. */
  readonly rack: string | null;
}

/** One broker as the controller has it registered (DescribeCluster v2 with fenced brokers). */
export interface BrokerRegistration {
  readonly nodeId: number;
  /** Registered but not (yet) allowed to lead or follow: starting, recovering its logs, or shut down. */
  readonly fenced: boolean;
}

/** One partition as the Metadata response describes it. */
export interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  /** -1 while the partition has no leader. */
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

/**
 * One voter of the KRaft quorum as the active controller reports it in
 * DescribeQuorum. Timestamps are milliseconds on the leader's clock, -1 when
 * unknown; the leader reports its own as the time of the answer.
 */
export interface VoterState {
  readonly nodeId: number;
  /** -1 when the leader has not heard from the voter in this epoch. */
  readonly logEndOffset: number;
  readonly lastFetchTimestamp: number;
  readonly lastCaughtUpTimestamp: number;
}

export interface QuorumState {
  /** -1 while an election is under way. */
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly voters: readonly VoterState[];
  /**
   * Replicas of the metadata log that are not voters (brokers), in the same
   * shape; the leader forgets one five minutes after its last fetch.
   */
  readonly observers: readonly VoterState[];
}
