// Strimzi's listener rules: each refusal names the listener and the field, and a
// refused Kafka changes nothing; keys a custom listenerConfig may not set are Warnings.
import t from "tap";
import type { GenericKafkaListener } from "../../lib/api/kafka.js";
import { listenerProblems, listenerWarnings } from "../../lib/model/listeners.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { keepObservedChildren } from "../../lib/sync/keep-observed.js";
import { nextRequest } from "../helpers/observe.js";
import { ROUTES, TLS_ROUTES, requestWith, sync } from "./cluster.js";

const plain: GenericKafkaListener = { name: "plain", port: 9092, type: "internal", tls: false };

interface Rule {
  rule: string;
  listener: GenericKafkaListener;
  path: string;
  message: RegExp;
}

// listeners[1] is the listener under test; listeners[0] is `plain`.
const at = (field: string) => `spec.kafka.listeners[1].${field}`;

const rules: Rule[] = [
  { rule: "reserved port", listener: { name: "metrics", port: 9404, type: "internal", tls: false }, path: at("port"), message: /^listener metrics cannot use port 9404: it is reserved for metrics and JMX$/ },
  { rule: "route without TLS", listener: { name: "ext", port: 9094, type: "route", tls: false }, path: at("tls"), message: /^listener ext of type route needs tls: true/ },
  {
    rule: "ingress without TLS",
    listener: { name: "ext", port: 9094, type: "ingress", tls: false, configuration: { bootstrap: { host: "b.example.com" }, hostTemplate: "{nodeId}.example.com" } },
    path: at("tls"), message: /^listener ext of type ingress needs tls: true/,
  },
  { rule: "tls authentication without TLS", listener: { name: "ext", port: 9094, type: "internal", tls: false, authentication: { type: "tls" } }, path: at("authentication.type"), message: /^listener ext cannot use tls authentication without tls: true$/ },
  {
    rule: "own certificate without TLS",
    listener: { name: "ext", port: 9094, type: "internal", tls: false, configuration: { brokerCertChainAndKey: { secretName: "s", certificate: "tls.crt", key: "tls.key" } } },
    path: at("configuration.brokerCertChainAndKey"), message: /^listener ext cannot serve a certificate of its own without tls: true$/,
  },
  { rule: "useServiceDnsDomain outside internal and cluster-ip", listener: { name: "ext", port: 9094, type: "nodeport", tls: false, configuration: { useServiceDnsDomain: true } }, path: at("configuration.useServiceDnsDomain"), message: /^listener ext of type nodeport cannot configure useServiceDnsDomain: it applies to internal and cluster-ip listeners only$/ },
  { rule: "class outside ingress and loadbalancer", listener: { name: "ext", port: 9094, type: "nodeport", tls: false, configuration: { class: "x" } }, path: at("configuration.class"), message: /^listener ext of type nodeport cannot configure class: it applies to ingress and loadbalancer listeners only$/ },
  { rule: "externalTrafficPolicy outside loadbalancer and nodeport", listener: { name: "ext", port: 9094, type: "cluster-ip", tls: false, configuration: { externalTrafficPolicy: "Local" } }, path: at("configuration.externalTrafficPolicy"), message: /^listener ext of type cluster-ip cannot configure externalTrafficPolicy/ },
  { rule: "loadBalancerSourceRanges outside loadbalancer", listener: { name: "ext", port: 9094, type: "nodeport", tls: false, configuration: { loadBalancerSourceRanges: ["10.0.0.0/8"] } }, path: at("configuration.loadBalancerSourceRanges"), message: /^listener ext of type nodeport cannot configure loadBalancerSourceRanges: it applies to loadbalancer listeners only$/ },
  { rule: "preferredNodePortAddressType outside nodeport", listener: { name: "ext", port: 9094, type: "loadbalancer", tls: false, configuration: { preferredNodePortAddressType: "InternalIP" } }, path: at("configuration.preferredNodePortAddressType"), message: /^listener ext of type loadbalancer cannot configure preferredNodePortAddressType/ },
  { rule: "bootstrap.host outside route, ingress and tlsroute", listener: { name: "ext", port: 9094, type: "loadbalancer", tls: false, configuration: { bootstrap: { host: "b.example.com" } } }, path: at("configuration.bootstrap.host"), message: /^listener ext of type loadbalancer cannot configure bootstrap.host: it applies to route and ingress and tlsroute listeners only$/ },
  { rule: "bootstrap.loadBalancerIP outside loadbalancer", listener: { name: "ext", port: 9094, type: "nodeport", tls: false, configuration: { bootstrap: { loadBalancerIP: "1.2.3.4" } } }, path: at("configuration.bootstrap.loadBalancerIP"), message: /^listener ext of type nodeport cannot configure bootstrap.loadBalancerIP/ },
  { rule: "bootstrap.nodePort outside nodeport and loadbalancer", listener: { name: "ext", port: 9094, type: "cluster-ip", tls: false, configuration: { bootstrap: { nodePort: 32000 } } }, path: at("configuration.bootstrap.nodePort"), message: /^listener ext of type cluster-ip cannot configure bootstrap.nodePort: it applies to nodeport and loadbalancer listeners only$/ },
  { rule: "brokers[].host outside route, ingress and tlsroute", listener: { name: "ext", port: 9094, type: "nodeport", tls: false, configuration: { brokers: [{ broker: 0, host: "b0.example.com" }] } }, path: at("configuration.brokers[0].host"), message: /^listener ext of type nodeport cannot configure brokers\[\]\.host/ },
  { rule: "brokers[].loadBalancerIP outside loadbalancer", listener: { name: "ext", port: 9094, type: "nodeport", tls: false, configuration: { brokers: [{ broker: 0, loadBalancerIP: "1.2.3.4" }] } }, path: at("configuration.brokers[0].loadBalancerIP"), message: /^listener ext of type nodeport cannot configure brokers\[\]\.loadBalancerIP/ },
  { rule: "brokers[].nodePort outside nodeport and loadbalancer", listener: { name: "ext", port: 9094, type: "route", tls: true, configuration: { brokers: [{ broker: 0, nodePort: 32000 }] } }, path: at("configuration.brokers[0].nodePort"), message: /^listener ext of type route cannot configure brokers\[\]\.nodePort: it applies to nodeport and loadbalancer listeners only$/ },
  // Refused by Strimzi's ListenersValidator (validate*: the same fields).
  { rule: "allocateLoadBalancerNodePorts outside loadbalancer", listener: { name: "ext", port: 9094, type: "nodeport", tls: false, configuration: { allocateLoadBalancerNodePorts: false } }, path: at("configuration.allocateLoadBalancerNodePorts"), message: /^listener ext of type nodeport cannot configure allocateLoadBalancerNodePorts: it applies to loadbalancer listeners only$/ },
  { rule: "finalizers outside loadbalancer", listener: { name: "ext", port: 9094, type: "nodeport", tls: false, configuration: { finalizers: ["service.kubernetes.io/load-balancer-cleanup"] } }, path: at("configuration.finalizers"), message: /^listener ext of type nodeport cannot configure finalizers: it applies to loadbalancer listeners only$/ },
  { rule: "createBootstrapService: false outside loadbalancer", listener: { name: "ext", port: 9094, type: "nodeport", tls: false, configuration: { createBootstrapService: false } }, path: at("configuration.createBootstrapService"), message: /^listener ext of type nodeport cannot configure createBootstrapService: it applies to loadbalancer listeners only$/ },
  { rule: "hostTemplate outside route, ingress and tlsroute", listener: { name: "ext", port: 9094, type: "loadbalancer", tls: false, configuration: { hostTemplate: "b{nodeId}.example.com" } }, path: at("configuration.hostTemplate"), message: /^listener ext of type loadbalancer cannot configure hostTemplate: it applies to route and ingress and tlsroute listeners only$/ },
  { rule: "parentRefs outside tlsroute", listener: { name: "ext", port: 9094, type: "loadbalancer", tls: false, configuration: { parentRefs: [{ name: "gw" }] } }, path: at("configuration.parentRefs"), message: /^listener ext of type loadbalancer cannot configure parentRefs: it applies to tlsroute listeners only$/ },
  { rule: "bootstrap.externalIPs outside nodeport", listener: { name: "ext", port: 9094, type: "loadbalancer", tls: false, configuration: { bootstrap: { externalIPs: ["1.2.3.4"] } } }, path: at("configuration.bootstrap.externalIPs"), message: /^listener ext of type loadbalancer cannot configure bootstrap.externalIPs: it applies to nodeport listeners only$/ },
  { rule: "brokers[].externalIPs outside nodeport", listener: { name: "ext", port: 9094, type: "cluster-ip", tls: false, configuration: { brokers: [{ broker: 0, externalIPs: ["1.2.3.4"] }] } }, path: at("configuration.brokers[0].externalIPs"), message: /^listener ext of type cluster-ip cannot configure brokers\[\]\.externalIPs: it applies to nodeport listeners only$/ },
  { rule: "publishNotReadyAddresses on internal", listener: { name: "ext", port: 9094, type: "internal", tls: false, configuration: { publishNotReadyAddresses: false } }, path: at("configuration.publishNotReadyAddresses"), message: /^listener ext of type internal cannot configure publishNotReadyAddresses: it has no Services of its own$/ },
  { rule: "ipFamilyPolicy on internal", listener: { name: "ext", port: 9094, type: "internal", tls: false, configuration: { ipFamilyPolicy: "SingleStack" } }, path: at("configuration.ipFamilyPolicy"), message: /^listener ext of type internal cannot configure ipFamilyPolicy: it has no Services of its own$/ },
  { rule: "ipFamilies on internal", listener: { name: "ext", port: 9094, type: "internal", tls: false, configuration: { ipFamilies: ["IPv4"] } }, path: at("configuration.ipFamilies"), message: /^listener ext of type internal cannot configure ipFamilies: it has no Services of its own$/ },
  { rule: "perBrokerLabelsTemplate on internal", listener: { name: "ext", port: 9094, type: "internal", tls: false, configuration: { perBrokerLabelsTemplate: { zone: "{zone}" } } }, path: at("configuration.perBrokerLabelsTemplate"), message: /^listener ext of type internal cannot configure perBrokerLabelsTemplate: it has no Services of its own$/ },
  { rule: "perBrokerAnnotationsTemplate on internal", listener: { name: "ext", port: 9094, type: "internal", tls: false, configuration: { perBrokerAnnotationsTemplate: { a: "{nodeId}" } } }, path: at("configuration.perBrokerAnnotationsTemplate"), message: /^listener ext of type internal cannot configure perBrokerAnnotationsTemplate: it has no Services of its own$/ },
  { rule: "bootstrap annotations on internal", listener: { name: "ext", port: 9094, type: "internal", tls: false, configuration: { bootstrap: { annotations: { a: "b" } } } }, path: at("configuration.bootstrap.annotations"), message: /^listener ext of type internal has no objects of its own/ },
  { rule: "broker labels on internal", listener: { name: "ext", port: 9094, type: "internal", tls: false, configuration: { brokers: [{ broker: 0, labels: { a: "b" } }] } }, path: at("configuration.brokers[0].labels"), message: /^listener ext of type internal has no objects of its own/ },
  { rule: "ingress without bootstrap host", listener: { name: "ext", port: 9094, type: "ingress", tls: true, configuration: { hostTemplate: "{nodeId}.example.com" } }, path: at("configuration.bootstrap.host"), message: /^listener ext of type ingress needs a bootstrap host/ },
  { rule: "tlsroute without bootstrap host", listener: { name: "ext", port: 9094, type: "tlsroute", tls: true, configuration: { parentRefs: [{ name: "gw" }], hostTemplate: "{nodeId}.example.com" } }, path: at("configuration.bootstrap.host"), message: /^listener ext of type tlsroute needs a bootstrap host/ },
  { rule: "tlsroute without parentRefs", listener: { name: "ext", port: 9094, type: "tlsroute", tls: true, configuration: { bootstrap: { host: "b.example.com" }, hostTemplate: "{nodeId}.example.com" } }, path: at("configuration.parentRefs"), message: /^listener ext of type tlsroute needs parentRefs/ },
  { rule: "tlsroute parent without a name", listener: { name: "ext", port: 9094, type: "tlsroute", tls: true, configuration: { parentRefs: [{ sectionName: "kafka" }], bootstrap: { host: "b.example.com" }, hostTemplate: "{nodeId}.example.com" } }, path: at("configuration.parentRefs[0].name"), message: /^listener ext names a parent without a name/ },
  { rule: "unreadable advertisedPortTemplate", listener: { name: "ext", port: 9094, type: "cluster-ip", tls: false, configuration: { advertisedPortTemplate: "9000 / {nodeId}" } }, path: at("configuration.advertisedPortTemplate"), message: /^listener ext has an advertisedPortTemplate that cannot be read: unexpected "\/" at position 6/ },
];

t.test("each rule: the path names the field and the message the listener", async (t) => {
  for (const { rule, listener, path, message } of rules) {
    const problems = listenerProblems([plain, listener]);
    t.equal(problems.length, 1, `${rule}: one problem (${JSON.stringify(problems)})`);
    t.equal(problems[0]?.path, path, rule);
    t.match(problems[0]?.message, message, rule);
  }
});

t.test("names and ports are unique", async (t) => {
  t.same(listenerProblems([plain, { name: "plain", port: 9093, type: "internal", tls: true }, { name: "other", port: 9092, type: "internal", tls: true }]), [
    { path: "spec.kafka.listeners[1].name", message: "listener plain: the name is already used by listeners[0]" },
    { path: "spec.kafka.listeners[2].port", message: "listener other: port 9092 is already the port of listener plain (listeners[0])" },
  ]);
});

t.test("the same options are accepted on the types they belong to", async (t) => {
  t.same(listenerProblems([
    plain,
    { name: "np", port: 9094, type: "nodeport", tls: false, configuration: { externalTrafficPolicy: "Local", preferredNodePortAddressType: "InternalIP", bootstrap: { nodePort: 32000, annotations: { a: "b" } }, brokers: [{ broker: 0, nodePort: 32001 }] } },
    { name: "lb", port: 9095, type: "loadbalancer", tls: false, configuration: { class: "x", loadBalancerSourceRanges: ["10.0.0.0/8"], allocateLoadBalancerNodePorts: false, finalizers: ["service.kubernetes.io/load-balancer-cleanup"], createBootstrapService: false, bootstrap: { loadBalancerIP: "1.2.3.4", nodePort: 32100 }, brokers: [{ broker: 0, loadBalancerIP: "1.2.3.5", nodePort: 32101 }] } },
    { name: "cip", port: 9096, type: "cluster-ip", tls: false, configuration: { useServiceDnsDomain: true, advertisedPortTemplate: "(9000 + {nodeId}) * 2 - 1" } },
    { name: "ing", port: 9097, type: "ingress", tls: true, configuration: { class: "nginx", bootstrap: { host: "b.example.com" }, brokers: [{ broker: 0, host: "b0.example.com" }] } },
    { name: "gw", port: 9098, type: "tlsroute", tls: false, configuration: { parentRefs: [{ name: "gw" }], bootstrap: { host: "k.example.com" }, hostTemplate: "k{nodeId}.example.com" } },
  ]), []);
});

t.test("keystore keys of a custom listenerConfig are Warnings naming the listener and the field; the rest passes", async (t) => {
  t.same(listenerWarnings([
    { name: "np", port: 9094, type: "nodeport", tls: false, configuration: { createBootstrapService: true, brokers: [{ broker: 0, externalIPs: ["1.2.3.4"] }] } },
    { name: "cus", port: 9096, type: "internal", tls: true, authentication: { type: "custom", listenerConfig: { "ssl.keystore.type": "JKS", "SSL.Keystore.Location": "/x", "ssl.client.auth": "required", "sasl.enabled.mechanisms": "PLAIN" } } },
  ]).map((w) => `${w.reason} ${w.path}: ${w.message}`), [
    "IgnoredListenerOption spec.kafka.listeners[1].authentication.listenerConfig: listener cus ignores SSL.Keystore.Location, ssl.keystore.type: the operator owns the listener's keystore (its server certificate)",
  ]);
  // createBootstrapService: true (the default) and externalIPs on a nodeport listener are accepted.
  t.same(listenerProblems([{ name: "np", port: 9094, type: "nodeport", tls: false, configuration: { createBootstrapService: true, bootstrap: { externalIPs: ["1.2.3.4"] }, brokers: [{ broker: 0, externalIPs: ["1.2.3.4"] }] } }]), []);
});

// Rules that need the cluster's brokers, and the refusal itself, through the hook.
const ingress = (configuration: GenericKafkaListener["configuration"]): GenericKafkaListener => ({ name: "ext", port: 9094, type: "ingress", tls: true, configuration });

const clusterRules: Array<{ rule: string; listeners: GenericKafkaListener[]; reason: string; message: RegExp }> = [
  {
    rule: "an ingress broker without a host",
    listeners: [plain, ingress({ bootstrap: { host: "b.example.com" }, brokers: [{ broker: 0, host: "b0.example.com" }, { broker: 1, host: "b1.example.com" }] })],
    reason: "InvalidResource",
    message: /^spec\.kafka\.listeners\[1\]\.configuration\.hostTemplate: listener ext of type ingress needs a host for broker 2: set hostTemplate or brokers\[\]\.host\. Nothing was changed\.$/,
  },
  {
    rule: "a tlsroute broker without a host",
    listeners: [plain, { name: "gw", port: 9094, type: "tlsroute", tls: true, configuration: { parentRefs: [{ name: "g" }], bootstrap: { host: "b.example.com" } } }],
    reason: "InvalidResource",
    message: /spec\.kafka\.listeners\[1\]\.configuration\.hostTemplate: listener gw of type tlsroute needs a host for broker 0/,
  },
  {
    rule: "a bootstrap host that is no DNS name",
    listeners: [plain, ingress({ bootstrap: { host: "Bootstrap_Host" }, hostTemplate: "b{nodeId}.example.com" })],
    reason: "InvalidResource",
    message: /^spec\.kafka\.listeners\[1\]\.configuration\.bootstrap\.host: listener ext has a bootstrap host "Bootstrap_Host" that is not a valid DNS name/,
  },
  {
    rule: "a host template that renders no DNS name",
    listeners: [plain, ingress({ bootstrap: { host: "b.example.com" }, hostTemplate: "{nodePodName}.{zone}.example.com" })],
    reason: "InvalidResource",
    message: /spec\.kafka\.listeners\[1\]\.configuration\.hostTemplate: listener ext gives broker 0 the host "my-cluster-broker-0\.\{zone\}\.example\.com", which is not a valid DNS name/,
  },
  {
    rule: "a broker host that is no DNS name",
    listeners: [plain, ingress({ bootstrap: { host: "b.example.com" }, hostTemplate: "b{nodeId}.example.com", brokers: [{ broker: 1, host: "-bad" }] })],
    reason: "InvalidResource",
    message: /spec\.kafka\.listeners\[1\]\.configuration\.brokers\[\]\.host: listener ext gives broker 1 the host "-bad"/,
  },
  {
    rule: "an advertised port out of range",
    listeners: [plain, { name: "cip", port: 9094, type: "cluster-ip", tls: false, configuration: { advertisedPortTemplate: "65534 + {nodeId}" } }],
    reason: "InvalidResource",
    message: /spec\.kafka\.listeners\[1\]\.configuration\.advertisedPortTemplate: listener cip advertises port 65536 for broker 2, which is not a port number/,
  },
  {
    rule: "Service names longer than a DNS label",
    listeners: [plain, { name: "averylongna", port: 9094, type: "nodeport", tls: false }],
    reason: "InvalidResource",
    message: /spec\.kafka\.listeners\[1\]\.name: listener averylongna would make Service names longer than 63 characters \(my-cluster-a-very-long-pool-name-for-the-kafka-brokers-averylongna-0, /,
  },
  {
    rule: "a route listener where the controller does not declare Routes",
    listeners: [plain, { name: "rt", port: 9094, type: "route", tls: true }],
    reason: "ListenerApiUnavailable",
    message: /^spec\.kafka\.listeners\[1\]\.type: listener rt of type route needs OpenShift Routes, but the kafka-hooks-kafka CompositeController does not declare routes \(route\.openshift\.io\/v1\) as children/,
  },
  {
    rule: "a tlsroute listener where the controller does not declare TLSRoutes",
    listeners: [plain, { name: "gw", port: 9094, type: "tlsroute", tls: true, configuration: { parentRefs: [{ name: "g" }], bootstrap: { host: "b.example.com" }, hostTemplate: "b{nodeId}.example.com" } }],
    reason: "ListenerApiUnavailable",
    message: /^spec\.kafka\.listeners\[1\]\.type: listener gw of type tlsroute needs Gateway API TLSRoutes/,
  },
];

/** The broker pool renamed, as a new cluster (its pods would get new names). */
function withLongPoolName(request: SyncRequest): SyncRequest {
  const fresh = requestWith((request.parent.spec as { kafka: { listeners: GenericKafkaListener[] } }).kafka.listeners);
  const pools = fresh.related["KafkaNodePool.kafka.strimzi.io/v1"] ?? {};
  const broker = pools["myproject/broker"];
  if (broker) pools["myproject/broker"] = { ...broker, metadata: { ...broker.metadata, name: "a-very-long-pool-name-for-the-kafka-brokers" } };
  return fresh;
}

t.test("rules that need the brokers refuse the Kafka, naming listener and field, and change nothing", async (t) => {
  const first = requestWith([plain]);
  const settled = nextRequest(first, sync(first));
  for (const { rule, listeners, reason, message } of clusterRules) {
    const request = structuredClone(settled);
    (request.parent.spec as { kafka: { listeners: GenericKafkaListener[] } }).kafka.listeners = listeners;
    if (rule.includes("does not declare")) {
      delete request.children[ROUTES];
      delete request.children[TLS_ROUTES];
    }
    const asked = rule.includes("DNS label") ? withLongPoolName(request) : request;
    const answer = sync(asked);
    t.equal(answer.status.conditions?.length, 1, rule);
    t.match(answer.status.conditions?.[0], { type: "NotReady", reason, message }, rule);
    t.same(answer.children, keepObservedChildren(asked.children), `${rule}: children kept`);
  }
});
