// Strimzi's rules for `spec.kafka.listeners` that a schema cannot express. Every
// message starts with the listener's name and the path names the field, so a user
// with a dozen listeners knows which line to fix. Options that Strimzi rejects for
// a listener type are errors, as in Strimzi; keys of a custom authentication's
// listenerConfig that Strimzi drops are Warnings, as Strimzi only logs them.
import type { GenericKafkaListener } from "../api/kafka.js";
import { JMX_PORT, METRICS_PORT } from "../kafka-files/paths.js";
import { REASON, type Reason } from "../reasons.js";
import { evaluatePortTemplate } from "./listener-templates.js";
import { hasOwnServices, LISTENER_TYPES, type ListenerOption } from "./listener-types.js";

const RESERVED_PORTS = new Set([METRICS_PORT, JMX_PORT]);

export interface ListenerProblem {
  path: string;
  message: string;
}

/**
 * Keys of a custom authentication's `listenerConfig` that Strimzi drops: the server
 * certificate (keystore) stays the operator's; client authentication, truststores
 * and principal mapping are the user's (KafkaListenerAuthenticationCustom.FORBIDDEN_PREFIXES,
 * matched on the lower-cased key as AbstractConfiguration does).
 */
const FORBIDDEN_LISTENER_CONFIG_PREFIXES: readonly string[] = ["ssl.keystore."];
export const isForbiddenListenerConfigKey = (key: string): boolean => FORBIDDEN_LISTENER_CONFIG_PREFIXES.some((p) => key.toLowerCase().startsWith(p));

const nonEmpty = (value: readonly unknown[] | Record<string, unknown> | undefined): boolean =>
  value !== undefined && (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0);

interface Check {
  /** Field under `configuration`, as the user writes it. */
  field: string;
  present: (l: GenericKafkaListener) => boolean;
}

/** The types that accept an option, in the table's order: "route and ingress and tlsroute". */
const acceptedBy = (option: ListenerOption): string =>
  Object.entries(LISTENER_TYPES).filter(([, rules]) => rules.options.includes(option)).map(([type]) => type).join(" and ");

// The fields of the options only some types accept (lib/model/listener-types.ts), in the order
// they are reported. `present` follows Strimzi's ListenersValidator
// (cluster-operator/.../model/ListenersValidator.java): set at all, or set and non-empty where it
// checks for emptiness.
const OPTION_FIELDS: ReadonlyArray<Check & { option: ListenerOption }> = [
  { field: "useServiceDnsDomain", option: "useServiceDnsDomain", present: (l) => l.configuration?.useServiceDnsDomain !== undefined },
  { field: "class", option: "class", present: (l) => l.configuration?.class !== undefined },
  { field: "externalTrafficPolicy", option: "externalTrafficPolicy", present: (l) => l.configuration?.externalTrafficPolicy !== undefined },
  { field: "loadBalancerSourceRanges", option: "loadBalancerSourceRanges", present: (l) => nonEmpty(l.configuration?.loadBalancerSourceRanges) },
  { field: "allocateLoadBalancerNodePorts", option: "allocateLoadBalancerNodePorts", present: (l) => l.configuration?.allocateLoadBalancerNodePorts !== undefined },
  { field: "finalizers", option: "finalizers", present: (l) => nonEmpty(l.configuration?.finalizers) },
  { field: "preferredNodePortAddressType", option: "preferredNodePortAddressType", present: (l) => l.configuration?.preferredNodePortAddressType !== undefined },
  // Only `false` is refused: `true` is the default.
  { field: "createBootstrapService", option: "createBootstrapService", present: (l) => l.configuration?.createBootstrapService === false },
  { field: "hostTemplate", option: "hosts", present: (l) => l.configuration?.hostTemplate !== undefined },
  { field: "parentRefs", option: "parentRefs", present: (l) => l.configuration?.parentRefs !== undefined },
  { field: "bootstrap.host", option: "hosts", present: (l) => l.configuration?.bootstrap?.host !== undefined },
  { field: "bootstrap.loadBalancerIP", option: "loadBalancerIP", present: (l) => l.configuration?.bootstrap?.loadBalancerIP !== undefined },
  { field: "bootstrap.nodePort", option: "nodePort", present: (l) => l.configuration?.bootstrap?.nodePort !== undefined },
  { field: "bootstrap.externalIPs", option: "externalIPs", present: (l) => l.configuration?.bootstrap?.externalIPs !== undefined },
];

// The same for each `brokers[]` entry.
const PER_BROKER_OPTION_FIELDS: ReadonlyArray<{ field: "host" | "loadBalancerIP" | "nodePort" | "externalIPs"; option: ListenerOption }> = [
  { field: "host", option: "hosts" },
  { field: "loadBalancerIP", option: "loadBalancerIP" },
  { field: "nodePort", option: "nodePort" },
  { field: "externalIPs", option: "externalIPs" },
];

// Options that shape a listener's own objects, which a listener on the cluster's shared Services does not have.
const REFUSED_WITHOUT_OWN_SERVICES: readonly Check[] = [
  { field: "publishNotReadyAddresses", present: (l) => l.configuration?.publishNotReadyAddresses !== undefined },
  { field: "ipFamilyPolicy", present: (l) => l.configuration?.ipFamilyPolicy !== undefined },
  { field: "ipFamilies", present: (l) => l.configuration?.ipFamilies !== undefined },
  { field: "perBrokerLabelsTemplate", present: (l) => nonEmpty(l.configuration?.perBrokerLabelsTemplate) },
  { field: "perBrokerAnnotationsTemplate", present: (l) => nonEmpty(l.configuration?.perBrokerAnnotationsTemplate) },
];

function listenerRules(listener: GenericKafkaListener, at: string): ListenerProblem[] {
  const problems: ListenerProblem[] = [];
  const refuse = (field: string, message: string) => problems.push({ path: `${at}.${field}`, message: `listener ${listener.name} ${message}` });
  const { type, configuration } = listener;
  const rules = LISTENER_TYPES[type];
  const ownServices = hasOwnServices(type);

  if (RESERVED_PORTS.has(listener.port)) refuse("port", `cannot use port ${listener.port}: it is reserved for metrics and JMX`);
  if (rules.needsTls && !listener.tls) {
    refuse("tls", `of type ${type} needs tls: true: the ${type} passes the brokers' TLS connections through`);
  }
  if (!listener.tls && listener.authentication?.type === "tls") refuse("authentication.type", "cannot use tls authentication without tls: true");
  if (!listener.tls && configuration?.brokerCertChainAndKey) refuse("configuration.brokerCertChainAndKey", "cannot serve a certificate of its own without tls: true");

  for (const check of OPTION_FIELDS) {
    if (check.present(listener) && !rules.options.includes(check.option)) {
      refuse(`configuration.${check.field}`, `of type ${type} cannot configure ${check.field}: it applies to ${acceptedBy(check.option)} listeners only`);
    }
  }
  if (!ownServices) {
    for (const check of REFUSED_WITHOUT_OWN_SERVICES) {
      if (check.present(listener)) refuse(`configuration.${check.field}`, `of type ${type} cannot configure ${check.field}: it has no Services of its own`);
    }
  }
  (configuration?.brokers ?? []).forEach((broker, b) => {
    for (const check of PER_BROKER_OPTION_FIELDS) {
      if (broker[check.field] !== undefined && !rules.options.includes(check.option)) {
        refuse(`configuration.brokers[${b}].${check.field}`, `of type ${type} cannot configure brokers[].${check.field}: it applies to ${acceptedBy(check.option)} listeners only`);
      }
    }
    if (!ownServices && (nonEmpty(broker.annotations) || nonEmpty(broker.labels))) {
      refuse(`configuration.brokers[${b}].${nonEmpty(broker.annotations) ? "annotations" : "labels"}`, `of type ${type} has no objects of its own to label or annotate`);
    }
  });
  if (!ownServices && (nonEmpty(configuration?.bootstrap?.annotations) || nonEmpty(configuration?.bootstrap?.labels))) {
    refuse(`configuration.bootstrap.${nonEmpty(configuration?.bootstrap?.annotations) ? "annotations" : "labels"}`, `of type ${type} has no objects of its own to label or annotate`);
  }

  const exposedBy = rules.exposedBy;
  if (exposedBy?.hostsRequired && configuration?.bootstrap?.host === undefined) {
    refuse("configuration.bootstrap.host", `of type ${type} needs a bootstrap host: clients reach the bootstrap ${exposedBy.kind} by that name`);
  }
  if (exposedBy?.needsParentRefs) {
    if (!nonEmpty(configuration?.parentRefs)) {
      refuse("configuration.parentRefs", `of type ${type} needs parentRefs: the Gateway (or ListenerSet) its ${exposedBy.kind}s attach to`);
    }
    (configuration?.parentRefs ?? []).forEach((ref, r) => {
      if (!ref.name) refuse(`configuration.parentRefs[${r}].name`, `names a parent without a name: a ${exposedBy.kind}'s parentRefs need one`);
    });
  }
  const portTemplate = configuration?.advertisedPortTemplate;
  if (portTemplate !== undefined) {
    const evaluated = evaluatePortTemplate(portTemplate, 0);
    if ("error" in evaluated) refuse("configuration.advertisedPortTemplate", `has an advertisedPortTemplate that cannot be read: ${evaluated.error}`);
  }
  return problems;
}

/** Every rule a listener list breaks; a Kafka with any of these is refused. */
export function listenerProblems(listeners: readonly GenericKafkaListener[]): ListenerProblem[] {
  const problems: ListenerProblem[] = [];
  const names = new Map<string, number>();
  const ports = new Map<number, number>();
  listeners.forEach((listener, i) => {
    const at = `spec.kafka.listeners[${i}]`;
    const seenName = names.get(listener.name);
    if (seenName !== undefined) problems.push({ path: `${at}.name`, message: `listener ${listener.name}: the name is already used by listeners[${seenName}]` });
    else names.set(listener.name, i);
    const seenPort = ports.get(listener.port);
    if (seenPort !== undefined) {
      problems.push({ path: `${at}.port`, message: `listener ${listener.name}: port ${listener.port} is already the port of listener ${listeners[seenPort]?.name} (listeners[${seenPort}])` });
    } else {
      ports.set(listener.port, i);
    }
    problems.push(...listenerRules(listener, at));
  });
  return problems;
}

/** Options that have no effect on a listener, as Warnings naming the listener and field. */
export function listenerWarnings(listeners: readonly GenericKafkaListener[]): Array<ListenerProblem & { reason: Reason }> {
  const warnings: Array<ListenerProblem & { reason: Reason }> = [];
  listeners.forEach((listener, i) => {
    const at = `spec.kafka.listeners[${i}]`;
    const ignore = (field: string, message: string) => warnings.push({ reason: REASON.ignoredListenerOption, path: `${at}.${field}`, message: `listener ${listener.name} ${message}` });
    const auth = listener.authentication;
    const forbidden = Object.keys(auth?.type === "custom" ? auth.listenerConfig ?? {} : {}).filter(isForbiddenListenerConfigKey).sort();
    if (forbidden.length > 0) {
      ignore("authentication.listenerConfig", `ignores ${forbidden.join(", ")}: the operator owns the listener's keystore (its server certificate)`);
    }
  });
  return warnings;
}
