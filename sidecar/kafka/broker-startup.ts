// Is an unready broker recovering its logs, or stuck? Kafka offers no broker
// state to clients (Strimzi reads it from its own agent in each broker, which
// the official image lacks), but two answers of Kafka 4 together tell it:
//
// - DescribeCluster v2 with IncludeFencedBrokers (KIP-1073) lists every broker
//   registered with the controller and whether it is fenced. Kafka 4's
//   KafkaApis.handleDescribeCluster adds a broker of its metadata cache only
//   `if (!node.isFenced || describeClusterRequest.data().includeFencedBrokers())`.
// - A KRaft broker registers before it recovers its logs and is unfenced only
//   after (apache/kafka core/src/main/scala/kafka/server): BrokerServer.startup
//   starts the metadata log's raft client (sharedServer.startForBroker), then
//   BrokerLifecycleManager's StartupEvent sends BrokerRegistration (state
//   STARTING; the controller registers it fenced); once the controller says it
//   caught up with the metadata it is RECOVERY, and the first metadata publish
//   runs BrokerMetadataPublisher.initializeManagers -> logManager.startup,
//   "which will perform (potentially lengthy) recovery-from-unclean-shutdown";
//   only then does BrokerServer call lifecycleManager.setReadyToUnfence(), and
//   the controller unfences it on the next heartbeat (RUNNING).
//
// A registration outlives the process, though: a broker that died stays
// registered, fenced. What tells a live one apart is the metadata log: every
// broker fetches it as an observer of the KRaft quorum all through its start,
// and DescribeQuorum reports each observer's last fetch on the leader's clock
// (LeaderState keeps an observer five minutes after its last fetch). So a
// broker is starting when it is registered and fetched within a broker
// session (`broker.session.timeout.ms`, 9 s by default: the silence after which
// the controller itself fences a broker): fenced, it is recovering its logs;
// unfenced, Kafka runs it and its pod turns ready at the next readiness probe.
// Either way a restart would only set it back.
import type { BrokerStartup } from "../../lib/roller/recovery.js";
import type { BrokerRegistration, QuorumState } from "./model.js";

export const BROKER_SESSION_TIMEOUT_MS = 9000;

export function brokerStartup(nodeId: number, registrations: readonly BrokerRegistration[], quorum: QuorumState): BrokerStartup {
  const broker = `broker ${nodeId}`;
  const registration = registrations.find((r) => r.nodeId === nodeId);
  if (!registration) return { recovering: false, evidence: `Kafka has no registration of ${broker}: it has not reached the controller` };
  const registered = `Kafka has ${broker} registered and ${registration.fenced ? "fenced" : "unfenced"}`;
  const leader = quorum.voters.find((v) => v.nodeId === quorum.leaderId);
  if (!leader) return { recovering: false, evidence: `${registered}, but the metadata quorum has no leader to say whether it is alive` };
  const replica = [...quorum.voters, ...quorum.observers].find((r) => r.nodeId === nodeId);
  const fetching = replica !== undefined && replica.lastFetchTimestamp >= 0 && leader.lastFetchTimestamp - replica.lastFetchTimestamp < BROKER_SESSION_TIMEOUT_MS;
  if (!fetching) return { recovering: false, evidence: `${registered}, but it does not fetch the cluster metadata: the registration is from before it stopped` };
  return { recovering: true, evidence: `${registered}, and it fetches the cluster metadata: ${registration.fenced ? "it is recovering its logs" : "it is about to be ready"}` };
}
