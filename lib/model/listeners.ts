// Strimzi's rules for `spec.kafka.listeners` that a schema cannot express. Every
// message starts with the listener's name and the path names the field, so a user
// with a dozen listeners knows which line to fix. Options that Strimzi rejects for
// a listener type are errors, as in Strimzi; keys of a custom authentication's
// listenerConfig that Strimzi drops are Warnings, as Strimzi only logs them.
import type { GenericKafkaListener, ListenerType } from "../api/kafka.js";
import { JMX_PORT, METRICS_PORT } from "../kafka-files/paths.js";
import { REASON, type Reason } from "../reasons.js";
import { evaluatePortTemplate } from "./listener-templates.js";

const RESERVED_PORTS = new Set([METRICS_PORT, JMX_PORT]);

export interface ListenerProblem {
  path: string;
  message: string;
}

/** Listener types that get Services of their own: all but internal. */
export const hasOwnServices = (type: ListenerType): boolean => type !== "internal";
const ROUTED: readonly ListenerType[] = ["route", "ingress", "tlsroute"];

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
  types: readonly ListenerType[];
}

const only = (types: readonly ListenerType[]): string => types.join(" and ");

// Options Strimzi's ListenersValidator refuses outside their listener types
// (cluster-operator/.../model/ListenersValidator.java). `present` follows its test:
// set at all, or set and non-empty where it checks for emptiness.
const REFUSED_OUTSIDE: readonly Check[] = [
  { field: "useServiceDnsDomain", present: (l) => l.configuration?.useServiceDnsDomain !== undefined, types: ["internal", "cluster-ip"] },
  { field: "class", present: (l) => l.configuration?.class !== undefined, types: ["ingress", "loadbalancer"] },
  { field: "externalTrafficPolicy", present: (l) => l.configuration?.externalTrafficPolicy !== undefined, types: ["loadbalancer", "nodeport"] },
  { field: "loadBalancerSourceRanges", present: (l) => nonEmpty(l.configuration?.loadBalancerSourceRanges), types: ["loadbalancer"] },
  { field: "allocateLoadBalancerNodePorts", present: (l) => l.configuration?.allocateLoadBalancerNodePorts !== undefined, types: ["loadbalancer"] },
  { field: "finalizers", present: (l) => nonEmpty(l.configuration?.finalizers), types: ["loadbalancer"] },
  { field: "preferredNodePortAddressType", present: (l) => l.configuration?.preferredNodePortAddressType !== undefined, types: ["nodeport"] },
  // Only `false` is refused: `true` is the default.
  { field: "createBootstrapService", present: (l) => l.configuration?.createBootstrapService === false, types: ["loadbalancer"] },
  { field: "hostTemplate", present: (l) => l.configuration?.hostTemplate !== undefined, types: ROUTED },
  { field: "parentRefs", present: (l) => l.configuration?.parentRefs !== undefined, types: ["tlsroute"] },
  { field: "bootstrap.host", present: (l) => l.configuration?.bootstrap?.host !== undefined, types: ROUTED },
  { field: "bootstrap.loadBalancerIP", present: (l) => l.configuration?.bootstrap?.loadBalancerIP !== undefined, types: ["loadbalancer"] },
  { field: "bootstrap.nodePort", present: (l) => l.configuration?.bootstrap?.nodePort !== undefined, types: ["nodeport", "loadbalancer"] },
  { field: "bootstrap.externalIPs", present: (l) => l.configuration?.bootstrap?.externalIPs !== undefined, types: ["nodeport"] },
];

// The same for each `brokers[]` entry.
const REFUSED_OUTSIDE_PER_BROKER: ReadonlyArray<{ field: "host" | "loadBalancerIP" | "nodePort" | "externalIPs"; types: readonly ListenerType[] }> = [
  { field: "host", types: ROUTED },
  { field: "loadBalancerIP", types: ["loadbalancer"] },
  { field: "nodePort", types: ["nodeport", "loadbalancer"] },
  { field: "externalIPs", types: ["nodeport"] },
];

// Options that shape a listener's own objects, which an internal listener does not have.
const REFUSED_ON_INTERNAL: readonly Check[] = [
  { field: "publishNotReadyAddresses", present: (l) => l.configuration?.publishNotReadyAddresses !== undefined, types: [] },
  { field: "ipFamilyPolicy", present: (l) => l.configuration?.ipFamilyPolicy !== undefined, types: [] },
  { field: "ipFamilies", present: (l) => l.configuration?.ipFamilies !== undefined, types: [] },
  { field: "perBrokerLabelsTemplate", present: (l) => nonEmpty(l.configuration?.perBrokerLabelsTemplate), types: [] },
  { field: "perBrokerAnnotationsTemplate", present: (l) => nonEmpty(l.configuration?.perBrokerAnnotationsTemplate), types: [] },
];

function listenerRules(listener: GenericKafkaListener, at: string): ListenerProblem[] {
  const problems: ListenerProblem[] = [];
  const refuse = (field: string, message: string) => problems.push({ path: `${at}.${field}`, message: `listener ${listener.name} ${message}` });
  const { type, configuration } = listener;

  if (RESERVED_PORTS.has(listener.port)) refuse("port", `cannot use port ${listener.port}: it is reserved for metrics and JMX`);
  if ((type === "route" || type === "ingress") && !listener.tls) {
    refuse("tls", `of type ${type} needs tls: true: the ${type} passes the brokers' TLS connections through`);
  }
  if (!listener.tls && listener.authentication?.type === "tls") refuse("authentication.type", "cannot use tls authentication without tls: true");
  if (!listener.tls && configuration?.brokerCertChainAndKey) refuse("configuration.brokerCertChainAndKey", "cannot serve a certificate of its own without tls: true");

  for (const check of REFUSED_OUTSIDE) {
    if (check.present(listener) && !check.types.includes(type)) {
      refuse(`configuration.${check.field}`, `of type ${type} cannot configure ${check.field}: it applies to ${only(check.types)} listeners only`);
    }
  }
  if (type === "internal") {
    for (const check of REFUSED_ON_INTERNAL) {
      if (check.present(listener)) refuse(`configuration.${check.field}`, `of type internal cannot configure ${check.field}: it has no Services of its own`);
    }
  }
  (configuration?.brokers ?? []).forEach((broker, b) => {
    for (const check of REFUSED_OUTSIDE_PER_BROKER) {
      if (broker[check.field] !== undefined && !check.types.includes(type)) {
        refuse(`configuration.brokers[${b}].${check.field}`, `of type ${type} cannot configure brokers[].${check.field}: it applies to ${only(check.types)} listeners only`);
      }
    }
    if (type === "internal" && (nonEmpty(broker.annotations) || nonEmpty(broker.labels))) {
      refuse(`configuration.brokers[${b}].${nonEmpty(broker.annotations) ? "annotations" : "labels"}`, "of type internal has no objects of its own to label or annotate");
    }
  });
  if (type === "internal" && (nonEmpty(configuration?.bootstrap?.annotations) || nonEmpty(configuration?.bootstrap?.labels))) {
    refuse(`configuration.bootstrap.${nonEmpty(configuration?.bootstrap?.annotations) ? "annotations" : "labels"}`, "of type internal has no objects of its own to label or annotate");
  }

  if ((type === "ingress" || type === "tlsroute") && configuration?.bootstrap?.host === undefined) {
    refuse("configuration.bootstrap.host", `of type ${type} needs a bootstrap host: clients reach the bootstrap ${type === "ingress" ? "Ingress" : "TLSRoute"} by that name`);
  }
  if (type === "tlsroute" && !nonEmpty(configuration?.parentRefs)) {
    refuse("configuration.parentRefs", "of type tlsroute needs parentRefs: the Gateway (or ListenerSet) its TLSRoutes attach to");
  }
  if (type === "tlsroute") {
    (configuration?.parentRefs ?? []).forEach((ref, r) => {
      if (!ref.name) refuse(`configuration.parentRefs[${r}].name`, "names a parent without a name: a TLSRoute's parentRefs need one");
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
