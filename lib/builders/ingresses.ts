// Ingresses of a listener exposed by Ingresses: a bootstrap Ingress and one per broker, each
// passing TLS through (ingress-nginx's ssl-passthrough) to the listener's Service
// of the same role, as Strimzi builds them.
import type { IIngress as Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { GenericKafkaListener } from "../api/kafka.js";
import { listenerBootstrapRouteName, listenerBootstrapServiceName, perBrokerObjectName } from "../model/listener-names.js";
import { specifiedHosts } from "../model/listener-templates.js";
import type { KafkaClusterModel, KafkaNode } from "../model/types.js";
import { bootstrapMetadata, perBrokerMetadata } from "./listener-metadata.js";

export type { Ingress };

/** The router must hand the TLS connection to the broker untouched: the broker's certificate is what clients verify. */
const PASSTHROUGH = {
  "ingress.kubernetes.io/ssl-passthrough": "true",
  "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS",
  "nginx.ingress.kubernetes.io/ssl-passthrough": "true",
};

function spec(listener: GenericKafkaListener, host: string, service: string): NonNullable<Ingress["spec"]> {
  const ingressClass = listener.configuration?.class;
  return {
    ...(ingressClass !== undefined ? { ingressClassName: ingressClass } : {}),
    rules: [{
      host,
      http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: service, port: { number: listener.port } } } }] },
    }],
    tls: [{ hosts: [host] }],
  };
}

function bootstrapIngress(model: KafkaClusterModel, listener: GenericKafkaListener, host: string): Ingress {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: bootstrapMetadata(model, listenerBootstrapRouteName(model.name, listener), listener, model.template?.externalBootstrapIngress, { annotations: PASSTHROUGH }),
    spec: spec(listener, host, listenerBootstrapServiceName(model.name, listener)),
  };
}

function perBrokerIngress(model: KafkaClusterModel, listener: GenericKafkaListener, node: KafkaNode, host: string): Ingress {
  const name = perBrokerObjectName(model.name, node.pool, node.nodeId, listener);
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: perBrokerMetadata(model, name, listener, node, "perPodIngress", { annotations: PASSTHROUGH }),
    spec: spec(listener, host, name),
  };
}

/** The Ingresses of one listener; hosts were checked when the listeners were resolved. */
export function ingresses(model: KafkaClusterModel, listener: GenericKafkaListener, brokers: readonly KafkaNode[]): Ingress[] {
  const hosts = specifiedHosts(listener, brokers);
  return [
    ...(hosts.bootstrap !== undefined ? [bootstrapIngress(model, listener, hosts.bootstrap)] : []),
    ...hosts.brokers.map(({ node, host }) => perBrokerIngress(model, listener, node, host)),
  ];
}
