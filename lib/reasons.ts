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
  clusterIdMissing: "ClusterIdMissing",
  certificateAuthorityMissing: "CertificateAuthorityMissing",
  certificateAuthorityInvalid: "CertificateAuthorityInvalid",
  // NotReady: valid, on its way.
  podsNotReady: "PodsNotReady",
  podsNotCurrent: "PodsNotCurrent",
  issuingCertificates: "IssuingCertificates",
  /** A listener's address is not known yet (load balancer, node port, route host): Kubernetes is still providing it. */
  listenerAddressesPending: "ListenerAddressesPending",
  /** A listener type whose API (OpenShift Route, Gateway API TLSRoute) the controller does not declare as children. */
  listenerApiUnavailable: "ListenerApiUnavailable",
  // Warning conditions.
  forbiddenConfigOption: "ForbiddenConfigOption",
  unknownFields: "UnknownFields",
  /** Retired: every listener type is supported since listeners came in (issue 5). */
  unsupportedListenerType: "UnsupportedListenerType",
  ignoredListenerOption: "IgnoredListenerOption",
  nodePoolInvalid: "KafkaNodePoolInvalid",
  missingClusterLabel: "MissingClusterLabel",
  kafkaNotFound: "KafkaNotFound",
} as const;

export type Reason = (typeof REASON)[keyof typeof REASON];

/** Errors a hook answers with a status other than 200: Metacontroller then keeps every child. */
export const HOOK_ERROR = {
  malformedRequest: { code: "MALFORMED_REQUEST", statusCode: 400 },
  internal: { code: "INTERNAL_ERROR", statusCode: 500 },
} as const;
