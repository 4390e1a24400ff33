// `spec.kafka.listeners`: how clients reach the brokers.
import type { NetworkPolicyPeer } from "../kubernetes.js";
import { array, boolean, enumOf, freeForm, integer, object, string } from "./combinators.js";
import { ipFamilyProperties, stringMap } from "./common.js";

const serviceMetadata = {
  annotations: stringMap("Annotations added to the Service, Route or Ingress."),
  labels: stringMap("Labels added to the Service, Route or Ingress."),
};

const bootstrap = object({
  alternativeNames: array(string(), { description: "Extra subject alternative names of the broker certificates." }),
  host: string({ description: "Host name of the bootstrap Route or Ingress." }),
  nodePort: integer({ description: "Node port of the bootstrap Service." }),
  loadBalancerIP: string({ description: "Requested load balancer IP address." }),
  externalIPs: array(string(), { description: "External IP addresses of the bootstrap Service." }),
  ...serviceMetadata,
}, { description: "Settings of the bootstrap address." });

const broker = object({
  broker: integer({ description: "Node id these settings apply to." }),
  advertisedHost: string({ description: "Host name the broker advertises to clients." }),
  advertisedPort: integer({ description: "Port the broker advertises to clients." }),
  host: string({ description: "Host name of the broker's Route or Ingress." }),
  nodePort: integer({ description: "Node port of the broker's Service." }),
  loadBalancerIP: string({ description: "Requested load balancer IP address." }),
  externalIPs: array(string(), { description: "External IP addresses of the broker's Service." }),
  ...serviceMetadata,
}, { required: ["broker"], description: "Settings of one broker's address." });

const configuration = object({
  brokerCertChainAndKey: object({
    secretName: string({ description: "The Secret holding the certificate and key." }),
    certificate: string({ description: "Key of the certificate in the Secret." }),
    key: string({ description: "Key of the private key in the Secret." }),
  }, { required: ["secretName", "certificate", "key"], description: "A certificate of our own for the listener, instead of one signed by the cluster CA." }),
  class: string({ description: "Ingress or load balancer class." }),
  externalTrafficPolicy: enumOf(["Local", "Cluster"], { description: "External traffic policy of node port and load balancer Services." }),
  loadBalancerSourceRanges: array(string(), { description: "CIDR ranges allowed to reach a load balancer." }),
  bootstrap,
  brokers: array(broker, { description: "Per-broker settings." }),
  ...ipFamilyProperties,
  createBootstrapService: boolean({ description: "Whether a load balancer listener gets a bootstrap Service." }),
  finalizers: array(string(), { description: "Finalizers of the load balancer Services." }),
  useServiceDnsDomain: boolean({ description: "Whether internal addresses include the cluster's DNS domain." }),
  maxConnections: integer({ description: "Most connections the listener accepts at once." }),
  maxConnectionCreationRate: integer({ description: "Most new connections per second." }),
  preferredNodePortAddressType: enumOf(["ExternalIP", "ExternalDNS", "InternalIP", "InternalDNS", "Hostname"], {
    description: "Which node address a node port listener advertises.",
  }),
  publishNotReadyAddresses: boolean({ description: "Whether Service endpoints include pods that are not ready." }),
  perBrokerAnnotationsTemplate: stringMap("Annotations of each per-broker resource; values may use placeholders."),
  perBrokerLabelsTemplate: stringMap("Labels of each per-broker resource; values may use placeholders."),
  hostTemplate: string({ description: "Template of the per-broker host names." }),
  advertisedHostTemplate: string({ description: "Template of the advertised host names." }),
  advertisedPortTemplate: string({ description: "Template of the advertised ports." }),
  allocateLoadBalancerNodePorts: boolean({ description: "Whether load balancer Services get node ports." }),
  parentRefs: array(object({
    kind: string(),
    group: string(),
    name: string(),
    namespace: string(),
    port: integer(),
    sectionName: string(),
  }), { description: "Gateway API gateways the TLS routes attach to." }),
}, { description: "Settings that depend on the listener's type." });

const authentication = object({
  type: enumOf(["tls", "scram-sha-512", "custom"], { description: "How clients authenticate." }),
  sasl: boolean({ description: "Whether a custom authentication uses SASL." }),
  listenerConfig: freeForm("Listener properties of a custom authentication, passed to Kafka."),
}, { required: ["type"], description: "Client authentication on this listener." });

export const listener = object({
  name: string({ pattern: "^[a-z0-9]{1,11}$", description: "Unique name: up to 11 lowercase letters and digits." }),
  port: integer({ minimum: 9092, description: "Port the listener uses inside the cluster." }),
  type: enumOf(["internal", "route", "tlsroute", "loadbalancer", "nodeport", "ingress", "cluster-ip"], {
    description: "How the listener is exposed.",
  }),
  tls: boolean({ description: "Whether connections are encrypted." }),
  authentication,
  configuration,
  networkPolicyPeers: array(freeForm<NetworkPolicyPeer>("A Kubernetes NetworkPolicyPeer, passed on as it is."), {
    description: "Who may connect; everyone when unset.",
  }),
}, { required: ["name", "port", "type", "tls"], description: "A listener." });
