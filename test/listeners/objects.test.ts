// The objects of each listener type, exactly: Strimzi's names, ports, port names,
// labels, annotations and type-specific settings, and each valid for its kind.
import t from "tap";
import { MY_CLUSTER_LABELS } from "../helpers/cluster-labels.js";
import type { GenericKafkaListener } from "../../lib/api/kafka.js";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { Route, TLSRoute } from "../../lib/api/external-routes.js";
import { listenerChildren } from "../../lib/builders/listener-children.js";
import { networkPolicy } from "../../lib/operands/brokers/network-policy.js";
import { bootstrapService, brokersService } from "../../lib/operands/brokers/services.js";
import type { KafkaClusterModel } from "../../lib/model/types.js";
import { exampleModel } from "../config/model.js";
import { openApiError } from "../helpers/openapi.js";

const modelWith = (listeners: GenericKafkaListener[], edit: (m: { template?: object }) => void = () => {}): KafkaClusterModel =>
  exampleModel("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.kafka.listeners = listeners;
    edit(kafka.spec.kafka as { template?: object });
  });

const LABELS = MY_CLUSTER_LABELS;
const POOL_LABELS = { ...LABELS, "strimzi.io/pool-name": "broker" };
const BROKERS = { "strimzi.io/cluster": "my-cluster", "strimzi.io/kind": "Kafka", "strimzi.io/name": "my-cluster-kafka", "strimzi.io/broker-role": "true" };
const pod = (id: number) => ({ "strimzi.io/cluster": "my-cluster", "strimzi.io/kind": "Kafka", "strimzi.io/name": "my-cluster-kafka", "strimzi.io/pod-name": `my-cluster-broker-${id}` });
const meta = (name: string, labels: Record<string, string> = LABELS, annotations?: Record<string, string>) => ({
  name, namespace: "myproject", labels, ...(annotations ? { annotations } : {}),
});

function allObjects(model: KafkaClusterModel): KubeObject[] {
  return listenerChildren(model) as unknown as KubeObject[];
}

/** Every object that its kind's schema refuses, with why; none is expected. */
const invalid = (objects: readonly KubeObject[]): string[] =>
  objects.flatMap((o) => {
    const error = openApiError(o);
    return error === undefined ? [] : [`${o.kind}/${o.metadata.name}: ${error}`];
  });
const names = (objects: readonly KubeObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);

t.test("internal listeners share the cluster's Services, with Strimzi's port names; only they are on them", async (t) => {
  const model = modelWith([
    { name: "plain", port: 9092, type: "internal", tls: false },
    { name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "tls" } },
    { name: "scram", port: 9095, type: "internal", tls: false, authentication: { type: "scram-sha-512" } },
    { name: "external", port: 9094, type: "nodeport", tls: false },
  ]);
  t.same(allObjects(model).filter((o) => o.metadata.name.includes("bootstrap")).map((o) => o.metadata.name), ["my-cluster-kafka-external-bootstrap"]);
  const bootstrap = bootstrapService(model);
  t.same(bootstrap.metadata?.labels?.["strimzi.io/discovery"], "true");
  t.same(JSON.parse(bootstrap.metadata?.annotations?.["strimzi.io/discovery"] ?? ""), [
    { port: 9092, tls: false, protocol: "kafka", auth: "none" },
    { port: 9093, tls: true, protocol: "kafka", auth: "tls" },
    { port: 9095, tls: false, protocol: "kafka", auth: "scram-sha-512" },
    { port: 9094, tls: false, protocol: "kafka", auth: "none" },
  ]);
  t.same(bootstrap.spec?.ports, [
    { name: "tcp-replication", port: 9091, targetPort: 9091, protocol: "TCP" },
    { name: "tcp-clients", port: 9092, targetPort: 9092, protocol: "TCP" },
    { name: "tcp-clientstls", port: 9093, targetPort: 9093, protocol: "TCP" },
    { name: "tcp-scram", port: 9095, targetPort: 9095, protocol: "TCP" },
  ]);
  t.same(brokersService(model).spec?.ports?.map((p) => p.name), ["tcp-ctrlplane", "tcp-replication", "tcp-clients", "tcp-clientstls", "tcp-scram"]);
  t.same(invalid([bootstrap, brokersService(model)] as unknown as KubeObject[]), [], "every object is valid for its kind");
});

t.test("nodeport: NodePort Services, node ports where configured, external IPs, traffic policy", async (t) => {
  const model = modelWith([{
    name: "external", port: 9094, type: "nodeport", tls: true,
    configuration: {
      externalTrafficPolicy: "Local",
      bootstrap: { nodePort: 32100, externalIPs: ["198.51.100.10"], labels: { team: "a" }, annotations: { "dns/name": "bootstrap.example.com" } },
      brokers: [{ broker: 0, nodePort: 32000, externalIPs: ["198.51.100.11"] }],
      perBrokerLabelsTemplate: { broker: "b-{nodeId}" },
      perBrokerAnnotationsTemplate: { "dns/name": "{nodePodName}.example.com" },
      ipFamilyPolicy: "PreferDualStack",
      ipFamilies: ["IPv4", "IPv6"],
      publishNotReadyAddresses: true,
    },
  }]);
  const objects = allObjects(model);
  t.same(names(objects), ["Service/my-cluster-kafka-external-bootstrap", "Service/my-cluster-broker-0", "Service/my-cluster-broker-1", "Service/my-cluster-broker-2"]);
  t.same(objects[0], {
    apiVersion: "v1", kind: "Service",
    metadata: meta("my-cluster-kafka-external-bootstrap", { ...LABELS, team: "a" }, { "dns/name": "bootstrap.example.com" }),
    spec: {
      type: "NodePort",
      selector: BROKERS,
      ports: [{ name: "tcp-external", port: 9094, targetPort: 9094, protocol: "TCP", nodePort: 32100 }],
      externalIPs: ["198.51.100.10"],
      externalTrafficPolicy: "Local",
      ipFamilyPolicy: "PreferDualStack",
      ipFamilies: ["IPv4", "IPv6"],
      publishNotReadyAddresses: true,
    },
  });
  t.same(objects[1], {
    apiVersion: "v1", kind: "Service",
    metadata: meta("my-cluster-broker-0", { ...POOL_LABELS, broker: "b-0" }, { "dns/name": "my-cluster-broker-0.example.com" }),
    spec: {
      type: "NodePort",
      selector: pod(0),
      ports: [{ name: "tcp-external", port: 9094, targetPort: 9094, protocol: "TCP", nodePort: 32000 }],
      externalIPs: ["198.51.100.11"],
      externalTrafficPolicy: "Local",
      ipFamilyPolicy: "PreferDualStack",
      ipFamilies: ["IPv4", "IPv6"],
      publishNotReadyAddresses: true,
    },
  });
  // No node port asked for: Kubernetes allocates one, and a NodePort Service's traffic policy is spelled out.
  t.same(objects[2]?.spec, {
    type: "NodePort", selector: pod(1), ports: [{ name: "tcp-external", port: 9094, targetPort: 9094, protocol: "TCP" }],
    externalTrafficPolicy: "Local", ipFamilyPolicy: "PreferDualStack", ipFamilies: ["IPv4", "IPv6"], publishNotReadyAddresses: true,
  });
  t.same(invalid(objects), [], "every object is valid for its kind");
});

t.test("loadbalancer: LoadBalancer Services with IPs, source ranges, class, finalizers; no bootstrap when not wanted", async (t) => {
  const configuration: GenericKafkaListener["configuration"] = {
    bootstrap: { loadBalancerIP: "203.0.113.10" },
    brokers: [{ broker: 1, loadBalancerIP: "203.0.113.11", annotations: { "dns/name": "b1.example.com" } }],
    loadBalancerSourceRanges: ["10.0.0.0/8"],
    class: "service.k8s.aws/nlb",
    finalizers: ["service.kubernetes.io/load-balancer-cleanup"],
    allocateLoadBalancerNodePorts: false,
  };
  const model = modelWith([{ name: "lb", port: 9095, type: "loadbalancer", tls: false, configuration }]);
  const objects = allObjects(model);
  t.same(names(objects), ["Service/my-cluster-kafka-lb-bootstrap", "Service/my-cluster-broker-lb-0", "Service/my-cluster-broker-lb-1", "Service/my-cluster-broker-lb-2"]);
  t.same(objects[0], {
    apiVersion: "v1", kind: "Service",
    metadata: { ...meta("my-cluster-kafka-lb-bootstrap"), finalizers: ["service.kubernetes.io/load-balancer-cleanup"] },
    spec: {
      type: "LoadBalancer", selector: BROKERS,
      ports: [{ name: "tcp-lb", port: 9095, targetPort: 9095, protocol: "TCP" }],
      loadBalancerIP: "203.0.113.10",
      loadBalancerSourceRanges: ["10.0.0.0/8"],
      loadBalancerClass: "service.k8s.aws/nlb",
      allocateLoadBalancerNodePorts: false,
      externalTrafficPolicy: "Cluster",
    },
  });
  t.same(objects[2], {
    apiVersion: "v1", kind: "Service",
    metadata: { ...meta("my-cluster-broker-lb-1", POOL_LABELS, { "dns/name": "b1.example.com" }), finalizers: ["service.kubernetes.io/load-balancer-cleanup"] },
    spec: {
      type: "LoadBalancer", selector: pod(1),
      ports: [{ name: "tcp-lb", port: 9095, targetPort: 9095, protocol: "TCP" }],
      loadBalancerIP: "203.0.113.11",
      loadBalancerSourceRanges: ["10.0.0.0/8"],
      loadBalancerClass: "service.k8s.aws/nlb",
      allocateLoadBalancerNodePorts: false,
      externalTrafficPolicy: "Cluster",
    },
  });
  t.same(invalid(objects), [], "every object is valid for its kind");
  const noBootstrap = modelWith([{ name: "lb", port: 9095, type: "loadbalancer", tls: false, configuration: { createBootstrapService: false } }]);
  t.same(names(allObjects(noBootstrap)), ["Service/my-cluster-broker-lb-0", "Service/my-cluster-broker-lb-1", "Service/my-cluster-broker-lb-2"]);
});

t.test("loadbalancer: requested node ports go on the bootstrap and per-broker Services, as Strimzi (ListenersUtils.bootstrapNodePort/brokerNodePort)", async (t) => {
  const objects = allObjects(modelWith([{ name: "lb", port: 9095, type: "loadbalancer", tls: false, configuration: { bootstrap: { nodePort: 32100 }, brokers: [{ broker: 1, nodePort: 32101 }] } }]));
  t.same(objects.map((o) => (o.spec as { ports: unknown[] }).ports), [
    [{ name: "tcp-lb", port: 9095, targetPort: 9095, protocol: "TCP", nodePort: 32100 }],
    [{ name: "tcp-lb", port: 9095, targetPort: 9095, protocol: "TCP" }],
    [{ name: "tcp-lb", port: 9095, targetPort: 9095, protocol: "TCP", nodePort: 32101 }],
    [{ name: "tcp-lb", port: 9095, targetPort: 9095, protocol: "TCP" }],
  ]);
  t.same(invalid(objects), [], "every object is valid for its kind");
});

t.test("cluster-ip: ClusterIP Services per broker, and the legacy names of listener external on 9094", async (t) => {
  const objects = allObjects(modelWith([{ name: "external", port: 9094, type: "cluster-ip", tls: true }]));
  t.same(names(objects), ["Service/my-cluster-kafka-external-bootstrap", "Service/my-cluster-broker-0", "Service/my-cluster-broker-1", "Service/my-cluster-broker-2"]);
  t.same(objects[1]?.spec, { type: "ClusterIP", selector: pod(0), ports: [{ name: "tcp-external", port: 9094, targetPort: 9094, protocol: "TCP" }] });
  t.same(invalid(objects), [], "every object is valid for its kind");
  t.same(names(allObjects(modelWith([{ name: "gw", port: 9096, type: "cluster-ip", tls: true }]))).slice(0, 2), ["Service/my-cluster-kafka-gw-bootstrap", "Service/my-cluster-broker-gw-0"]);
});

t.test("ingress: TLS passthrough Ingresses by host, over ClusterIP Services; templates for metadata", async (t) => {
  const model = modelWith([{
    name: "ing", port: 9097, type: "ingress", tls: true,
    configuration: {
      class: "nginx",
      bootstrap: { host: "bootstrap.example.com", annotations: { "external-dns.alpha.kubernetes.io/hostname": "bootstrap.example.com" } },
      hostTemplate: "broker-{nodeId}.example.com",
      brokers: [{ broker: 2, host: "two.example.com" }],
    },
  }], (kafka) => { kafka.template = { externalBootstrapIngress: { metadata: { labels: { from: "template" } } }, perPodIngress: { metadata: { annotations: { owner: "team" } } } }; });
  const objects = allObjects(model);
  t.same(names(objects), [
    "Service/my-cluster-kafka-ing-bootstrap", "Service/my-cluster-broker-ing-0", "Service/my-cluster-broker-ing-1", "Service/my-cluster-broker-ing-2",
    "Ingress/my-cluster-kafka-ing-bootstrap", "Ingress/my-cluster-broker-ing-0", "Ingress/my-cluster-broker-ing-1", "Ingress/my-cluster-broker-ing-2",
  ]);
  const passthrough = {
    "ingress.kubernetes.io/ssl-passthrough": "true",
    "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS",
    "nginx.ingress.kubernetes.io/ssl-passthrough": "true",
  };
  const rule = (host: string, service: string) => ({
    ingressClassName: "nginx",
    rules: [{ host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: service, port: { number: 9097 } } } }] } }],
    tls: [{ hosts: [host] }],
  });
  t.same(objects[4], {
    apiVersion: "networking.k8s.io/v1", kind: "Ingress",
    metadata: meta("my-cluster-kafka-ing-bootstrap", { ...LABELS, from: "template" }, { "external-dns.alpha.kubernetes.io/hostname": "bootstrap.example.com", ...passthrough }),
    spec: rule("bootstrap.example.com", "my-cluster-kafka-ing-bootstrap"),
  });
  t.same(objects[5], {
    apiVersion: "networking.k8s.io/v1", kind: "Ingress",
    metadata: meta("my-cluster-broker-ing-0", POOL_LABELS, { ...passthrough, owner: "team" }),
    spec: rule("broker-0.example.com", "my-cluster-broker-ing-0"),
  });
  t.same(objects[7]?.spec, rule("two.example.com", "my-cluster-broker-ing-2"), "brokers[].host wins over the template");
  t.same(objects[0]?.spec, { type: "ClusterIP", selector: BROKERS, ports: [{ name: "tcp-ing", port: 9097, targetPort: 9097, protocol: "TCP" }] });
  t.same(invalid(objects), [], "every object is valid for its kind");
});

t.test("route: passthrough Routes to ClusterIP Services, hosts only where configured", async (t) => {
  const objects = allObjects(modelWith([{
    name: "route", port: 9096, type: "route", tls: true,
    configuration: { bootstrap: { host: "bootstrap.apps.example.com" }, brokers: [{ broker: 0, host: "b0.apps.example.com", labels: { zone: "a" } }] },
  }]));
  t.same(names(objects).slice(4), ["Route/my-cluster-kafka-route-bootstrap", "Route/my-cluster-broker-route-0", "Route/my-cluster-broker-route-1", "Route/my-cluster-broker-route-2"]);
  t.same(objects[4], {
    apiVersion: "route.openshift.io/v1", kind: "Route",
    metadata: meta("my-cluster-kafka-route-bootstrap"),
    spec: {
      host: "bootstrap.apps.example.com",
      to: { kind: "Service", name: "my-cluster-kafka-route-bootstrap", weight: 100 },
      port: { targetPort: 9096 },
      tls: { termination: "passthrough" },
      wildcardPolicy: "None",
    },
  });
  t.same(objects[5], {
    apiVersion: "route.openshift.io/v1", kind: "Route",
    metadata: meta("my-cluster-broker-route-0", { ...POOL_LABELS, zone: "a" }),
    spec: { host: "b0.apps.example.com", to: { kind: "Service", name: "my-cluster-broker-route-0", weight: 100 }, port: { targetPort: 9096 }, tls: { termination: "passthrough" }, wildcardPolicy: "None" },
  });
  // Without a host the router names the Route; the hook reads it back from the status.
  t.same(objects[6]?.spec, { to: { kind: "Service", name: "my-cluster-broker-route-1", weight: 100 }, port: { targetPort: 9096 }, tls: { termination: "passthrough" }, wildcardPolicy: "None" });
  t.same(invalid(objects), [], "every object is valid for its kind");
});

t.test("tlsroute: TLSRoutes attached to the user's Gateway, routing by host", async (t) => {
  const objects = allObjects(modelWith([{
    name: "external", port: 9094, type: "tlsroute", tls: true,
    configuration: {
      parentRefs: [{ name: "envoy-gateway", namespace: "envoy-gateway-system", sectionName: "kafka" }, { group: "gateway.networking.k8s.io", kind: "ListenerSet", name: "kafka-listeners" }],
      bootstrap: { host: "kafka.example.com" },
      hostTemplate: "kafka-{nodeId}.example.com",
    },
  }]));
  t.same(names(objects).slice(4), ["TLSRoute/my-cluster-kafka-bootstrap", "TLSRoute/my-cluster-broker-0", "TLSRoute/my-cluster-broker-1", "TLSRoute/my-cluster-broker-2"]);
  const parentRefs = [
    { group: "gateway.networking.k8s.io", kind: "Gateway", name: "envoy-gateway", namespace: "envoy-gateway-system", sectionName: "kafka" },
    { group: "gateway.networking.k8s.io", kind: "ListenerSet", name: "kafka-listeners" },
  ];
  t.same(objects[4], {
    apiVersion: "gateway.networking.k8s.io/v1", kind: "TLSRoute",
    metadata: meta("my-cluster-kafka-bootstrap"),
    spec: { parentRefs, hostnames: ["kafka.example.com"], rules: [{ backendRefs: [{ group: "", kind: "Service", name: "my-cluster-kafka-external-bootstrap", port: 9094, weight: 1 }] }] },
  });
  t.same(objects[6], {
    apiVersion: "gateway.networking.k8s.io/v1", kind: "TLSRoute",
    metadata: meta("my-cluster-broker-1", POOL_LABELS),
    spec: { parentRefs, hostnames: ["kafka-1.example.com"], rules: [{ backendRefs: [{ group: "", kind: "Service", name: "my-cluster-broker-1", port: 9094, weight: 1 }] }] },
  });
  t.same(invalid(objects), [], "every object is valid for its kind");
});

t.test("the published Route and TLSRoute schemas catch what their API servers refuse (the checks can fail)", async (t) => {
  const [route] = listenerChildren(modelWith([{ name: "route", port: 9096, type: "route", tls: true }])).filter((c): c is Route => c.kind === "Route");
  t.match(openApiError({ ...route, spec: { ...route?.spec, tls: { termination: "bogus" } } } as unknown as KubeObject), /must be equal to one of the allowed values/);
  const [tlsRoute] = listenerChildren(modelWith([{ name: "gw", port: 9096, type: "tlsroute", tls: true, configuration: { parentRefs: [{ name: "g" }], bootstrap: { host: "k.example.com" }, hostTemplate: "k{nodeId}.example.com" } }]))
    .filter((c): c is TLSRoute => c.kind === "TLSRoute");
  t.match(openApiError({ ...tlsRoute, spec: { ...tlsRoute?.spec, hostnames: ["10.0.0.1"] } } as unknown as KubeObject), /Hostnames cannot contain an IP/);
  t.match(openApiError({ ...tlsRoute, spec: { ...tlsRoute?.spec, hostnames: [] } } as unknown as KubeObject), /must NOT have fewer than 1 items/);
});

t.test("the network policy opens each listener port to its peers, or to everyone without any", async (t) => {
  const peers = [{ podSelector: { matchLabels: { app: "kafka-client" } } }, { namespaceSelector: { matchLabels: { team: "a" } } }];
  const policy = networkPolicy(modelWith([
    { name: "plain", port: 9092, type: "internal", tls: false, networkPolicyPeers: peers },
    { name: "external", port: 9094, type: "nodeport", tls: true },
    { name: "lb", port: 9095, type: "loadbalancer", tls: true, networkPolicyPeers: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }] },
  ]), []);
  t.same(policy.spec?.ingress?.slice(2), [
    { ports: [{ port: 9092, protocol: "TCP" }], from: peers },
    { ports: [{ port: 9094, protocol: "TCP" }] },
    { ports: [{ port: 9095, protocol: "TCP" }], from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }] },
  ]);
  t.equal(openApiError(policy as unknown as KubeObject), undefined);
});
