export type AvailabilityVerdict = { ok: true } | { ok: false; reason: string };
export interface KafkaAvailability {
  /** Would every partition hosted on this broker keep min.insync.replicas in sync without it? */
  canRestartBroker(nodeId: number): Promise<AvailabilityVerdict>;
  /** Are the other voters caught up, so the quorum survives this controller's restart? */
  canRestartController(nodeId: number): Promise<AvailabilityVerdict>;
  /** The node id of the active controller, if known. */
  activeController(): Promise<number | undefined>;
  close(): Promise<void>;
}
/** One per cluster: bootstrap addresses and TLS material from the cluster's Secrets. */
export type KafkaAvailabilityFactory = (cluster: { namespace: string; name: string; bootstrap: string; clusterCaCertPem: string; operatorCertPem: string; operatorKeyPem: string }) => KafkaAvailability;
