// Listener rules that need the cluster's brokers to check: a host for every broker
// where the exposing kind needs one (Ingress, TLSRoute), hosts Kubernetes accepts, Service names that
// fit a DNS label, advertised ports that are ports. Like the other listener rules,
// each message names the listener and the path the field.
import type { GenericKafkaListener } from "../api/kafka.js";
import type { ListenerProblem } from "./listeners.js";
import { listenerBootstrapServiceName, perBrokerObjectName } from "./listener-names.js";
import { advertisedPortOverride, brokerHost } from "./listener-templates.js";
import { hasOwnServices, LISTENER_TYPES, type ExposingKind } from "./listener-types.js";
import type { KafkaClusterModel, KafkaNode } from "./types.js";

/** Service names are DNS labels. */
const MAX_SERVICE_NAME = 63;

const validHost = (exposedBy: ExposingKind, host: string): boolean => host.length <= 253 && exposedBy.hostPattern.test(host);

function rulesOf(model: KafkaClusterModel, listener: GenericKafkaListener, at: string, brokers: readonly KafkaNode[]): ListenerProblem[] {
  const problems: ListenerProblem[] = [];
  const refuse = (field: string, message: string) => problems.push({ path: `${at}.${field}`, message: `listener ${listener.name} ${message}` });

  if (hasOwnServices(listener.type)) {
    const tooLong = [listenerBootstrapServiceName(model.name, listener), ...brokers.map((n) => perBrokerObjectName(model.name, n.pool, n.nodeId, listener))]
      .filter((name) => name.length > MAX_SERVICE_NAME);
    if (tooLong.length > 0) {
      refuse("name", `would make Service names longer than ${MAX_SERVICE_NAME} characters (${tooLong.join(", ")}); use a shorter listener, pool or cluster name`);
    }
  }
  const exposedBy = LISTENER_TYPES[listener.type].exposedBy;
  const bootstrapHost = listener.configuration?.bootstrap?.host;
  if (exposedBy && bootstrapHost !== undefined && !validHost(exposedBy, bootstrapHost)) {
    refuse("configuration.bootstrap.host", `has a bootstrap host "${bootstrapHost}" that is not a valid DNS name`);
  }
  for (const node of brokers) {
    const host = brokerHost(listener, node);
    const explicit = listener.configuration?.brokers?.some((b) => b.broker === node.nodeId && b.host !== undefined);
    if (exposedBy?.hostsRequired && host === undefined) {
      refuse("configuration.hostTemplate", `of type ${listener.type} needs a host for broker ${node.nodeId}: set hostTemplate or brokers[].host`);
    } else if (exposedBy && host !== undefined && !validHost(exposedBy, host)) {
      refuse(explicit ? "configuration.brokers[].host" : "configuration.hostTemplate", `gives broker ${node.nodeId} the host "${host}", which is not a valid DNS name`);
    }
    const port = advertisedPortOverride(listener, node);
    if (port !== undefined && (port < 1 || port > 65535)) {
      refuse("configuration.advertisedPortTemplate", `advertises port ${port} for broker ${node.nodeId}, which is not a port number`);
    }
  }
  return problems;
}

export function listenerBrokerProblems(model: KafkaClusterModel): ListenerProblem[] {
  const brokers = model.nodes.filter((n) => n.isBroker);
  return model.listeners.flatMap((listener, i) => rulesOf(model, listener, `spec.kafka.listeners[${i}]`, brokers));
}
