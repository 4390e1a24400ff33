// Per-broker values of a listener: the `brokers[]` override for a node, else the
// listener's template rendered for it (`hostTemplate`, `advertisedHostTemplate`,
// `advertisedPortTemplate`, `perBroker*Template`), as Strimzi renders them.
import type { GenericKafkaListener, GenericKafkaListenerConfigurationBroker } from "../api/kafka.js";
import type { KafkaNode } from "./types.js";

type BrokerRef = Pick<KafkaNode, "nodeId" | "podName">;

/** The `brokers[]` entry for a node; Strimzi takes the first one whose field is set, so callers ask per field. */
function brokerSetting<K extends keyof GenericKafkaListenerConfigurationBroker>(
  listener: GenericKafkaListener, nodeId: number, field: K,
): GenericKafkaListenerConfigurationBroker[K] | undefined {
  return listener.configuration?.brokers?.find((b) => b.broker === nodeId && b[field] !== undefined)?.[field];
}

/** `{nodeId}` and `{nodePodName}` replaced; anything else is left as written, as in Strimzi. */
export function renderHostTemplate(template: string, node: BrokerRef): string {
  return template.replaceAll("{nodeId}", String(node.nodeId)).replaceAll("{nodePodName}", node.podName);
}

/** The Route, Ingress or TLSRoute host of a broker: `brokers[].host`, else `hostTemplate`. */
export function brokerHost(listener: GenericKafkaListener, node: BrokerRef): string | undefined {
  const template = listener.configuration?.hostTemplate;
  return brokerSetting(listener, node.nodeId, "host") ?? (template !== undefined ? renderHostTemplate(template, node) : undefined);
}

/** The hosts the spec gives the bootstrap and each broker (Ingress and TLSRoute hosts); those it does not give are left out. */
export function specifiedHosts<N extends BrokerRef>(listener: GenericKafkaListener, brokers: readonly N[]): { bootstrap?: string; brokers: Array<{ node: N; host: string }> } {
  const bootstrap = listener.configuration?.bootstrap?.host;
  return {
    ...(bootstrap !== undefined ? { bootstrap } : {}),
    brokers: brokers.flatMap((node) => {
      const host = brokerHost(listener, node);
      return host !== undefined ? [{ node, host }] : [];
    }),
  };
}

/** The host a broker advertises instead of its own address: `brokers[].advertisedHost`, else `advertisedHostTemplate`. */
export function advertisedHostOverride(listener: GenericKafkaListener, node: BrokerRef): string | undefined {
  const template = listener.configuration?.advertisedHostTemplate;
  return brokerSetting(listener, node.nodeId, "advertisedHost") ?? (template !== undefined ? renderHostTemplate(template, node) : undefined);
}

/** The port a broker advertises instead of its own: `brokers[].advertisedPort`, else `advertisedPortTemplate`. */
export function advertisedPortOverride(listener: GenericKafkaListener, node: BrokerRef): number | undefined {
  const template = listener.configuration?.advertisedPortTemplate;
  const fromTemplate = template !== undefined ? evaluatePortTemplate(template, node.nodeId) : undefined;
  return brokerSetting(listener, node.nodeId, "advertisedPort") ?? (fromTemplate !== undefined && "port" in fromTemplate ? fromTemplate.port : undefined);
}

export const brokerNodePort = (listener: GenericKafkaListener, nodeId: number): number | undefined => brokerSetting(listener, nodeId, "nodePort");
export const brokerLoadBalancerIp = (listener: GenericKafkaListener, nodeId: number): string | undefined => brokerSetting(listener, nodeId, "loadBalancerIP");
export const brokerExternalIps = (listener: GenericKafkaListener, nodeId: number): string[] | undefined => brokerSetting(listener, nodeId, "externalIPs");

const renderValues = (template: Record<string, string> | undefined, node: BrokerRef): Record<string, string> =>
  Object.fromEntries(Object.entries(template ?? {}).map(([key, value]) => [key, renderHostTemplate(value, node)]));

/** Labels of a broker's objects: the rendered `perBrokerLabelsTemplate`, then the broker's own `labels`. */
export function brokerLabels(listener: GenericKafkaListener, node: BrokerRef): Record<string, string> {
  return { ...renderValues(listener.configuration?.perBrokerLabelsTemplate, node), ...brokerSetting(listener, node.nodeId, "labels") };
}

/** Annotations of a broker's objects: the rendered `perBrokerAnnotationsTemplate`, then the broker's own `annotations`. */
export function brokerAnnotations(listener: GenericKafkaListener, node: BrokerRef): Record<string, string> {
  return { ...renderValues(listener.configuration?.perBrokerAnnotationsTemplate, node), ...brokerSetting(listener, node.nodeId, "annotations") };
}

// advertisedPortTemplate is arithmetic over {nodeId} (Strimzi's proposal 135):
// integers, `+`, `-`, `*` and parentheses, `*` binding tighter.
type Token = { number: number } | { op: "+" | "-" | "*" | "(" | ")" } | { nodeId: true };

function tokenize(template: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < template.length) {
    const rest = template.slice(i);
    const space = /^\s+/.exec(rest);
    const digits = /^\d+/.exec(rest);
    if (space) i += space[0].length;
    else if (digits) {
      tokens.push({ number: Number(digits[0]) });
      i += digits[0].length;
    } else if (rest.startsWith("{nodeId}")) {
      tokens.push({ nodeId: true });
      i += "{nodeId}".length;
    } else if ("+-*()".includes(rest.charAt(0))) {
      tokens.push({ op: rest.charAt(0) as "+" | "-" | "*" | "(" | ")" });
      i++;
    } else {
      return `unexpected "${rest.charAt(0)}" at position ${i + 1}; only numbers, {nodeId}, +, -, * and parentheses are allowed`;
    }
  }
  return tokens;
}

/** The port a template gives a node, or why the template cannot be read. */
export function evaluatePortTemplate(template: string, nodeId: number): { port: number } | { error: string } {
  const tokens = tokenize(template);
  if (typeof tokens === "string") return { error: tokens };
  let at = 0;
  const isOp = (op: string): boolean => {
    const token = tokens[at];
    return token !== undefined && "op" in token && token.op === op;
  };
  const factor = (): number | string => {
    const token = tokens[at++];
    if (token === undefined) return "the formula ends too early";
    if ("number" in token) return token.number;
    if ("nodeId" in token) return nodeId;
    if (token.op !== "(") return `unexpected "${token.op}"`;
    const inner = expression();
    if (typeof inner === "string") return inner;
    if (!isOp(")")) return "a parenthesis is not closed";
    at++;
    return inner;
  };
  const term = (): number | string => {
    let value = factor();
    while (typeof value === "number" && isOp("*")) {
      at++;
      const right = factor();
      value = typeof right === "number" ? value * right : right;
    }
    return value;
  };
  const expression = (): number | string => {
    let value = term();
    while (typeof value === "number" && (isOp("+") || isOp("-"))) {
      const plus = isOp("+");
      at++;
      const right = term();
      value = typeof right === "number" ? (plus ? value + right : value - right) : right;
    }
    return value;
  };
  const result = expression();
  if (typeof result === "string") return { error: result };
  if (at < tokens.length) return { error: "the formula has text after its end" };
  return { port: result };
}
