// The sidecar put together: caches on every replica, leader election, and the
// reconcilers (volumes, the scale-down check, retained CAs, the roller, then the
// metadata version; the run-time configuration and auto-rebalancing each in a
// lane of its own, the roller restarting what Kafka refused to alter), the
// rebalances, the connectors (KafkaConnectors' and MirrorMaker 2's), the Connect
// workers' roll and the hooks' serving certificate only on the leader,
// for as long as it is sure it leads: every write is fenced by the elector.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { Logger } from "pino";
import { ClusterAvailability } from "./cluster-availability.js";
import { ClusterCache, type ClusterKey } from "./cluster-cache.js";
import { ConnectApi, CONNECT_REST_PORT } from "./connectors/connect-api.js";
import { ConnectorKube } from "./connectors/connector-kube.js";
import { ConnectRoller } from "./connect-roll/connect-roller.js";
import { ConnectorsController } from "./connectors/connectors-controller.js";
import { MirrorMaker2Connectors } from "./connectors/mirror-maker-2-connectors.js";
import { mirrorMaker2ApiServiceName } from "../lib/operands/mirror-maker-2/names.js";
import { Controller } from "./controller.js";
import { DeletedPods } from "./deleted-pods.js";
import { EventRecorder } from "./events.js";
import { startHealthServer, type HealthReport, type HealthServer } from "./health.js";
import type { KafkaAvailabilityFactory } from "./kafka-availability.js";
import type { HooksService } from "../lib/hooks-tls.js";
import type { KafkaRebalance } from "../lib/api/kafka-rebalance.js";
import { systemKeyPairSource, type KeyPairSource } from "../lib/pki/keys.js";
import { HooksCertificate } from "./hooks-certificate.js";
import { KubeActions } from "./kube-actions.js";
import type { KubeConfig } from "./kube/config.js";
import { KubeHttp } from "./kube/http.js";
import { DEFAULT_LEADER_ELECTION_TIMING, LeaderElector, leaseApi, type LeaderElectionTiming } from "./leader-election.js";
import { createSidecarMetrics } from "./metrics.js";
import type { Timers } from "./timers.js";
import { AutoRebalancing, autoRebalancingCluster } from "./reconcilers/auto-rebalancing.js";
import { BrokerRemovalCheck } from "./reconcilers/broker-removal.js";
import { MetadataVersion } from "./reconcilers/metadata-version.js";
import { RetainedCertificateAuthorities } from "./reconcilers/retained-cas.js";
import { Roller } from "./reconcilers/roller.js";
import { RunTimeConfiguration } from "./reconcilers/run-time-configuration.js";
import { Volumes } from "./reconcilers/volumes.js";
import { CruiseControlConnections } from "./rebalance/connections.js";
import type { CruiseControlAddress } from "./rebalance/cruise-control-client.js";
import { Rebalances } from "./rebalance/rebalances.js";

export const LEASE_NAME = "kafka-hooks-sidecar";

export interface SidecarOptions {
  kubeConfig: KubeConfig;
  /** Namespaces to watch; undefined watches all. */
  namespaces: readonly string[] | undefined;
  /** Where the Lease lives: the sidecar's own namespace. */
  leaseNamespace: string;
  /** This replica's name in the Lease and in Events (its pod name). */
  identity: string;
  availability: KafkaAvailabilityFactory;
  logger: Logger;
  /** Port of `/healthz` and `/metrics`; none is served when undefined (0 picks a free port). */
  healthPort?: number;
  leaderElection?: LeaderElectionTiming;
  resyncIntervalMs?: number;
  /** The informers' shortest watch timeout; client-go's 5 minutes when undefined (a test bed that watches watches end sets less). */
  minWatchTimeoutSeconds?: number;
  readinessTimeoutMs?: number;
  /** First delay before an informer or a failed reconcile is tried again. */
  retryBaseMs?: number;
  /** The wall clock the reconcilers decide with (maintenance windows, wait budgets). */
  clock?: () => Date;
  /** Monotonic time and timers of leader election, the resync and retries. */
  timers?: Timers;
  /** The hooks' Service, whose serving certificate the leader keeps (hooks-certificate.ts); none kept when undefined. */
  hooksTls?: { service: HooksService; checkIntervalMs?: number };
  /** Private keys for that certificate; generated when undefined. */
  newPrivateKey?: KeyPairSource;
  /** Where a cluster's Cruise Control answers; its Service by default (tests point it at a stand-in). */
  cruiseControlAddress?: (cluster: ClusterKey) => CruiseControlAddress;
  /** Whether the hooks act on `spec.cruiseControl` (their CRUISE_CONTROL_EXTRAS_IMAGE): auto-rebalancing runs only then. */
  cruiseControlGateOn?: boolean;
  /** How often a KafkaRebalance waiting on Cruise Control is asked about. */
  rebalancePollIntervalMs?: number;
  /** How long a Cruise Control request may take. */
  cruiseControlTimeoutMs?: number;
  /** Where a Connect cluster's REST API answers; `<name>-connect-api.<namespace>.svc:8083` when undefined. */
  connectAddress?: (connect: ClusterKey) => { host: string; port: number };
  /** Where a KafkaMirrorMaker2's workers' REST API answers; `<name>-mirrormaker2-api.<namespace>.svc:8083` when undefined. */
  mirrorMaker2Address?: (mm2: ClusterKey) => { host: string; port: number };
  /** Each Connect REST call's timeout. */
  connectRequestTimeoutMs?: number;
}

const connectServiceAddress = (connect: ClusterKey): { host: string; port: number } =>
  ({ host: `${connect.name}-connect-api.${connect.namespace}.svc`, port: CONNECT_REST_PORT });
const mirrorMaker2ServiceAddress = (mm2: ClusterKey): { host: string; port: number } =>
  ({ host: `${mirrorMaker2ApiServiceName(mm2.name)}.${mm2.namespace}.svc`, port: CONNECT_REST_PORT });

export interface Sidecar {
  isLeader(): boolean;
  health(): HealthReport;
  /** The port `/healthz` and `/metrics` listen on, when they do. */
  healthPort: number | undefined;
  /** What `/metrics` answers now. */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

export async function startSidecar(options: SidecarOptions): Promise<Sidecar> {
  const { kubeConfig, logger } = options;
  const clock = options.clock ?? (() => new Date());
  let controller: Controller | undefined;
  let rebalances: Rebalances | undefined;
  let connectors: ConnectorsController | undefined;
  let mirrorMaker2Connectors: MirrorMaker2Connectors | undefined;
  let connectRoller: ConnectRoller | undefined;
  const cache = new ClusterCache({
    kubeConfig,
    namespaces: options.namespaces,
    logger,
    onChange: (key) => controller?.enqueue(key),
    onObjectChange: (kind, object) => {
      rebalances?.changed(kind, object);
      const followed = kind === "kafkaRebalances" ? autoRebalancingCluster(object) : undefined;
      if (followed) controller?.enqueue(followed);
      connectors?.changed(kind, object);
      mirrorMaker2Connectors?.changed(kind, object);
      connectRoller?.changed(kind, object);
    },
    ...(options.retryBaseMs !== undefined ? { restartDelayMs: options.retryBaseMs } : {}),
    ...(options.minWatchTimeoutSeconds !== undefined ? { minWatchTimeoutSeconds: options.minWatchTimeoutSeconds } : {}),
  });
  // Its own connection: a Lease renewal must not queue behind the reconcilers' writes.
  const leaseHttp = new KubeHttp(kubeConfig, 1);
  const elector = new LeaderElector({
    api: leaseApi(leaseHttp),
    namespace: options.leaseNamespace,
    name: LEASE_NAME,
    identity: options.identity,
    timing: options.leaderElection ?? DEFAULT_LEADER_ELECTION_TIMING,
    logger,
    ...(options.timers ? { timers: options.timers } : {}),
    onStartedLeading: (signal) => {
      hooksCertificate?.start();
      controller?.start(signal);
      rebalances?.start(signal);
      connectors?.start(signal);
      mirrorMaker2Connectors?.start(signal);
      connectRoller?.start(signal);
    },
    onStoppedLeading: async () => {
      hooksCertificate?.stop();
      await Promise.all([controller?.stop(), rebalances?.stop(), connectors?.stop(), mirrorMaker2Connectors?.stop(), connectRoller?.stop()]);
    },
  });
  const metrics = createSidecarMetrics({
    isLeader: () => elector.isLeader(),
    clusters: () => cache.clusters().map((key) => cache.snapshot(key)),
    cachedObjects: () => cache.sizes(),
    now: clock,
  });
  const actions = new KubeActions(kubeConfig, () => elector.assertLeading());
  const events = new EventRecorder((event) => actions.createEvent(event), options.identity, clock, logger);
  const availability = new ClusterAvailability(options.availability, (namespace, name) => actions.readSecret(namespace, name), logger);
  const deletedPods = new DeletedPods();
  controller = new Controller({
    cache,
    logger,
    reconcilers: [
      new Volumes({ actions, events, deletedPods, clock, logger }),
      new BrokerRemovalCheck({ actions, availability, events, logger }),
      new RetainedCertificateAuthorities({ actions, logger }),
      new RunTimeConfiguration({ actions, availability, events, logger }),
      new Roller({ actions, events, availability, deletedPods, clock, logger, ...(options.readinessTimeoutMs !== undefined ? { readinessTimeoutMs: options.readinessTimeoutMs } : {}) }),
      new MetadataVersion({ actions, availability, logger }),
      new AutoRebalancing({
        actions, availability, clock, logger,
        rebalances: (namespace) => cache.objects("kafkaRebalances", namespace) as KafkaRebalance[],
        cruiseControlGateOn: options.cruiseControlGateOn ?? false,
      }),
    ],
    ...(options.resyncIntervalMs !== undefined ? { resyncIntervalMs: options.resyncIntervalMs } : {}),
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
    onReconciled: metrics.reconciled,
  });
  const connections = new CruiseControlConnections({
    readSecret: (namespace, name) => actions.readSecret(namespace, name),
    ...(options.cruiseControlAddress ? { address: options.cruiseControlAddress } : {}),
    ...(options.cruiseControlTimeoutMs !== undefined ? { requestTimeoutMs: options.cruiseControlTimeoutMs } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
  });
  rebalances = new Rebalances({
    cache,
    actions,
    connections,
    logger,
    clock,
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.rebalancePollIntervalMs !== undefined ? { pollIntervalMs: options.rebalancePollIntervalMs } : {}),
    ...(options.resyncIntervalMs !== undefined ? { resyncIntervalMs: options.resyncIntervalMs } : {}),
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    onReconciled: metrics.reconciled,
  });
  const running = controller;
  const runningRebalances = rebalances;
  const connectAgent = new http.Agent({ keepAlive: true });
  const connectAddress = options.connectAddress ?? connectServiceAddress;
  const connectorKube = new ConnectorKube(kubeConfig, () => elector.assertLeading());
  const connectApiAt = (address: { host: string; port: number }): ConnectApi => new ConnectApi({
    ...address,
    agent: connectAgent,
    ...(options.connectRequestTimeoutMs !== undefined ? { timeoutMs: options.connectRequestTimeoutMs } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
  });
  const connectorQueueOptions = {
    cache,
    kube: connectorKube,
    podSets: actions,
    clock,
    logger,
    ...(options.resyncIntervalMs !== undefined ? { resyncIntervalMs: options.resyncIntervalMs } : {}),
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
    onReconciled: metrics.reconciled,
  };
  connectors = new ConnectorsController({ ...connectorQueueOptions, apiFor: (connect) => connectApiAt(connectAddress(connect)) });
  const mirrorMaker2Address = options.mirrorMaker2Address ?? mirrorMaker2ServiceAddress;
  mirrorMaker2Connectors = new MirrorMaker2Connectors({ ...connectorQueueOptions, apiFor: (mm2) => connectApiAt(mirrorMaker2Address(mm2)) });
  const runningConnectors = connectors;
  const runningMirrorMaker2Connectors = mirrorMaker2Connectors;
  connectRoller = new ConnectRoller({
    cache,
    actions,
    events,
    clock,
    logger,
    ...(options.readinessTimeoutMs !== undefined ? { readinessTimeoutMs: options.readinessTimeoutMs } : {}),
    ...(options.resyncIntervalMs !== undefined ? { resyncIntervalMs: options.resyncIntervalMs } : {}),
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
    onReconciled: metrics.reconciled,
  });
  const runningConnectRoller = connectRoller;
  const hooksCertificate = options.hooksTls && new HooksCertificate({
    actions,
    service: options.hooksTls.service,
    clock,
    random: randomBytes,
    keys: options.newPrivateKey ?? systemKeyPairSource,
    logger,
    ...(options.hooksTls.checkIntervalMs !== undefined ? { checkIntervalMs: options.hooksTls.checkIntervalMs } : {}),
    ...(options.retryBaseMs !== undefined ? { retryMs: options.retryBaseMs } : {}),
  });

  await cache.start();
  const health: HealthServer | undefined = options.healthPort === undefined ? undefined : await startHealthServer(options.healthPort, () => cache.health(), metrics.registry);
  elector.start();

  return {
    isLeader: () => elector.isLeader(),
    health: () => cache.health(),
    healthPort: health?.port,
    metrics: () => metrics.registry.metrics(),
    async stop() {
      await elector.stop();
      leaseHttp.close();
      hooksCertificate?.stop();
      await running.stop();
      await runningRebalances.stop();
      connections.closeAll();
      await runningConnectors.stop();
      await runningMirrorMaker2Connectors.stop();
      await runningConnectRoller.stop();
      connectAgent.destroy();
      await availability.closeAll();
      await cache.stop();
      actions.close();
      await health?.close();
    },
  };
}
