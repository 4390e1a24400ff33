// Every condition reason a status can carry and every error a hook can answer.
// Reasons are part of the API (alerts and health checks match on them): never
// rename or reuse one; retire it instead.

export const REASON = {
  // NotReady: the resource is invalid; nothing that exists was changed.
  invalidResource: "InvalidResource",
  noNodePools: "NoNodePools",
  noControllers: "NoControllerNodes",
  noBrokers: "NoBrokerNodes",
  duplicateNodeIds: "DuplicateNodeIds",
  invalidNodeIdAnnotation: "InvalidNodeIdAnnotation",
  unsupportedKafkaVersion: "UnsupportedKafkaVersion",
  /** Strimzi's: a change of `spec.kafka.version` the cluster's metadata version (or the versions its nodes run) does not allow; nothing rolls. */
  kafkaUpgradeRefused: "KafkaUpgradeException",
  clusterIdMissing: "ClusterIdMissing",
  certificateAuthorityMissing: "CertificateAuthorityMissing",
  certificateAuthorityInvalid: "CertificateAuthorityInvalid",
  /** `jmxPrometheusExporter` metrics name a ConfigMap or key that does not exist: as in Strimzi, nothing is changed until it does. */
  metricsConfigNotFound: "MetricsConfigNotFound",
  /**
   * An observed child contradicts itself or the cluster (a StrimziPodSet not in its schema's shape, a pod entry
   * renamed or with an impossible node id, a cluster id that differs from the others): nothing is changed until it is put right.
   */
  inconsistentObservedState: "InconsistentObservedState",
  // NotReady: valid, but it would destroy what the running cluster keeps; nothing that exists was changed.
  /** Controllers added to or removed from the static KRaft quorum of a running cluster (a pool scaled, renamed or given other roles). */
  controllerQuorumChangeRefused: "ControllerQuorumChangeRefused",
  /** A running node's data volume removed, or its storage type changed. */
  storageChangeRefused: "StorageChangeRefused",
  // NotReady: valid, on its way.
  podsNotReady: "PodsNotReady",
  /** Certificates of new nodes are issued over several syncs (the key budget); those nodes join as theirs arrive. */
  issuingCertificates: "IssuingCertificates",
  /** A listener's address is not known yet (load balancer, node port, route host): Kubernetes is still providing it. */
  listenerAddressesPending: "ListenerAddressesPending",
  /** A listener type whose API (OpenShift Route, Gateway API TLSRoute) the controller does not declare as children. */
  listenerApiUnavailable: "ListenerApiUnavailable",
  /** A broker its pool no longer wants keeps running until the sidecar has asked Kafka whether it hosts partition replicas. */
  scaleDownPending: "ScaleDownPending",
  /** A broker its pool no longer wants still hosts partition replicas, as Kafka answered: it keeps running until they move. */
  scaleDownBlocked: "ScaleDownBlocked",
  /** A KafkaConnect's image build (`spec.build`) has not finished: the workers keep the image they run, or wait for their first. */
  connectBuildRunning: "ConnectBuildRunning",
  /** A KafkaConnect's image build failed: the workers keep the image they run; the failed build pod stays for its logs until deleted. */
  connectBuildFailed: "ConnectBuildFailed",
  /** A KafkaMirrorMaker2's connector or one of its tasks failed, or the sidecar's REST calls for it did (its status.connectors say which). */
  connectorsFailed: "ConnectorsFailed",
  // NotReady: a roll has waited longer than its budget; the message says for what and what the user can do.
  /** A pod the roll waits for has not become ready within `kafka-hooks.io/roll-ready-timeout-seconds`. */
  podReadinessTimeout: "PodReadinessTimeout",
  /** Kafka has refused a restart for longer than `kafka-hooks.io/roll-availability-timeout-seconds`. */
  availabilityCheckTimeout: "AvailabilityCheckTimeout",
  /** The User Operator could not change Kafka for a KafkaUser; retried with backoff. */
  kafkaUpdateFailed: "KafkaUpdateFailed",
  // Warning conditions.
  forbiddenConfigOption: "ForbiddenConfigOption",
  unknownFields: "UnknownFields",
  /** Retired: every listener type is supported since listeners came in (issue 5). */
  unsupportedListenerType: "UnsupportedListenerType",
  ignoredListenerOption: "IgnoredListenerOption",
  missingClusterLabel: "MissingClusterLabel",
  kafkaNotFound: "KafkaNotFound",
  /** A `kafka-hooks.io/roll-*` annotation on the Kafka that cannot be used; the message says what is used instead. */
  invalidRollOption: "InvalidRollOption",
  /** `external` logging names a ConfigMap or key that does not exist; the default logging is used until it does. */
  externalLoggingNotFound: "ExternalLoggingNotFound",
  /** `spec.kafka.metadataVersion` is newer than the Kafka version supports; the one in use (or the version's own) is kept. */
  metadataVersionNotApplied: "MetadataVersionNotApplied",
  /** Strimzi's Warning: the sidecar could not bring the finalized `metadata.version` to the one wanted; the cluster keeps the one it has. */
  metadataUpdateFailed: "MetadataUpdateFailed",
  /** Strimzi's: `client.quota.callback.class` in `spec.kafka.config` was dropped for the plugin `spec.kafka.quotas` chooses. */
  quotasPluginConflict: "QuotasPluginConflict",
  /** A field the schema accepts, as Strimzi's does, that nothing acts on yet (lib/api/ignored-fields.ts). */
  ignoredField: "IgnoredField",
  /** The sidecar's list of a Connect cluster's plugins could not be read: status.connectorPlugins is left out. */
  invalidConnectorPlugins: "InvalidConnectorPlugins",
  /** The sidecar's record of a KafkaMirrorMaker2's connectors could not be read: status.connectors is left out. */
  invalidMirrorMaker2Connectors: "InvalidMirrorMaker2Connectors",
} as const;

export type Reason = (typeof REASON)[keyof typeof REASON];

/**
 * Why a roll waits: the roll status (`kafka-hooks.io/roll-status` on each
 * StrimziPodSet), the Kafka's RollWaiting and RestartPostponed conditions and
 * the sidecar's DeferPodRestart Events carry them. Only the two timeouts are
 * NotReady reasons: the others pass on their own within a roll.
 */
export const WAIT_REASON = {
  podRestarting: "PodRestarting",
  awaitingReadiness: "AwaitingReadiness",
  podNotReady: "PodNotReady",
  outsideMaintenanceWindow: "OutsideMaintenanceWindow",
  availabilityCheckFailed: "AvailabilityCheckFailed",
  /** An unready broker that Kafka reports registered and in contact with the quorum (recovering its logs while fenced): it is not restarted. */
  brokerRecovering: "BrokerRecovering",
  podReadinessTimeout: REASON.podReadinessTimeout,
  availabilityCheckTimeout: REASON.availabilityCheckTimeout,
} as const;

export type WaitReason = (typeof WAIT_REASON)[keyof typeof WAIT_REASON];

/** Condition types of the Kafka status, besides Ready, NotReady and Warning, that describe a roll. */
export const ROLL_CONDITION = {
  /** Pods that will restart, each with Strimzi's restart reasons. */
  rollingUpdate: "RollingUpdate",
  /** Why the roll waits now; its reason is a WAIT_REASON. */
  rollWaiting: "RollWaiting",
  /** Restarts that wait for a maintenance time window, and until when. */
  restartPostponed: "RestartPostponed",
  /** Options of `spec.kafka.config` the sidecar applies to the running nodes, restarting no node for them. */
  runTimeConfigurationUpdate: "RunTimeConfigurationUpdate",
} as const;

/** The RunTimeConfigurationUpdate condition's reason. */
export const RUN_TIME_UPDATE_PENDING = "RunTimeUpdatePending";

/**
 * Strimzi's condition type while `strimzi.io/pause-reconciliation: "true"` is on the Kafka: status True, no
 * reason; the Kafka then has no Ready or NotReady condition.
 */
export const RECONCILIATION_PAUSED = "ReconciliationPaused";

/** The RollingUpdate condition's reason. */
export const RESTARTS_PENDING = "RestartsPending";

/**
 * Errors a hook answers with a status other than 200: Metacontroller then keeps every child. The
 * answer's body is `{error: <code>, message}`, and `kafka_hooks_errors_total` counts by code.
 */
export const HOOK_ERROR = {
  /** Not a Metacontroller request: not JSON, or an envelope of the wrong shape (the message names the field). */
  malformedRequest: { code: "MALFORMED_REQUEST", statusCode: 400 },
  /** Larger than the hooks accept (hooks/server.ts BODY_LIMIT_BYTES). */
  bodyTooLarge: { code: "BODY_TOO_LARGE", statusCode: 413 },
  /** Not `application/json`. */
  unsupportedMediaType: { code: "UNSUPPORTED_MEDIA_TYPE", statusCode: 415 },
  /** A fault of the hooks: the message is fixed, the cause is in the hooks' log. */
  internal: { code: "INTERNAL_ERROR", statusCode: 500 },
} as const;

/**
 * The codes of the errors the sidecar raises (sidecar/errors.ts). They reach its
 * log (`err.code`), never an answer; a test matches the code, not the wording.
 */
export const SIDECAR_ERROR = {
  /** A write by a replica that is not sure it holds the Lease: its term has ended. */
  notLeading: "NOT_LEADING",
  /** A Secret Kafka's address and credentials are read from is missing or incomplete, so Kafka cannot be asked. */
  kafkaCredentialsMissing: "KAFKA_CREDENTIALS_MISSING",
  /** An informer has stopped: a cache that may lack pods or pools is not acted on. */
  informersStopped: "INFORMERS_STOPPED",
  /** A bootstrap address that is not host:port. */
  bootstrapAddressInvalid: "BOOTSTRAP_ADDRESS_INVALID",
  /** A Kafka request that failed at a broker (its cause says why). */
  kafkaRequestFailed: "KAFKA_REQUEST_FAILED",
  /** A broker that does not offer the API version the sidecar sends. */
  kafkaApiUnsupported: "KAFKA_API_UNSUPPORTED",
  /** A Kafka answer without what it must hold. */
  kafkaAnswerIncomplete: "KAFKA_ANSWER_INCOMPLETE",
} as const;
