// A cluster with listeners as Metacontroller would show it to the hook: the
// first sync's request, and the next ones after Kubernetes gave the listeners'
// Services their node ports and load balancer addresses, the Routes their
// hosts, and scheduled the broker pods on Nodes.
import type { GenericKafkaListener, Kafka } from "../../lib/api/kafka.js";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { typeKey, type SyncRequest, type SyncResponse } from "../../lib/metacontroller.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { nextRequest } from "../helpers/observe.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

export const SERVICES = typeKey("Service", "v1");
export const ROUTES = typeKey("Route", "route.openshift.io/v1");
export const TLS_ROUTES = typeKey("TLSRoute", "gateway.networking.k8s.io/v1");
export const PODS = typeKey("Pod", "v1");
export const NODES = typeKey("Node", "v1");

/** The persistent example (brokers 0, 1, 2; controllers 3, 4, 5) with these listeners, on a cluster that serves Routes and TLSRoutes. */
export function requestWith(listeners: GenericKafkaListener[], edit: (kafka: Kafka) => void = () => {}): SyncRequest {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  const kafka = request.parent as Kafka;
  kafka.spec.kafka.listeners = listeners;
  edit(kafka);
  request.children[ROUTES] = {};
  request.children[TLS_ROUTES] = {};
  return request;
}

export const sync = (request: SyncRequest): SyncResponse<NonNullable<Kafka["status"]>> => syncKafka(request, testEnvironment());

/** Node ports from 31000 in the order the Services were answered, as an API server allocates them; load balancers get 10.0.0.x or a hostname. */
export function kubernetesProvides(request: SyncRequest, options: { loadBalancerHostnames?: boolean } = {}): SyncRequest {
  let nodePort = 31000;
  let ip = 1;
  for (const service of Object.values(request.children[SERVICES] ?? {})) {
    const spec = service.spec as { type?: string; ports?: Array<{ nodePort?: number }> };
    if (spec.type === "NodePort" || spec.type === "LoadBalancer") {
      for (const port of spec.ports ?? []) port.nodePort ??= nodePort++;
    }
    if (spec.type === "LoadBalancer") {
      const address = ip++;
      service.status = { loadBalancer: { ingress: [options.loadBalancerHostnames ? { hostname: `lb-${address}.elb.example.com` } : { ip: `10.0.0.${address}` }] } };
    }
  }
  for (const route of Object.values(request.children[ROUTES] ?? {})) {
    const spec = route.spec as { host?: string };
    route.status = { ingress: [{ host: spec.host ?? `${route.metadata.name}-myproject.apps.example.com`, routerName: "default" }] };
  }
  return request;
}

export interface NodeSpec {
  name: string;
  addresses: Array<{ type: string; address: string }>;
  labels?: Record<string, string>;
}

/** Broker pods on nodes, as the customize hook's pods and nodes rules would relate them. */
export function scheduled(request: SyncRequest, placement: Record<string, string>, nodes: NodeSpec[]): SyncRequest {
  request.related[PODS] = Object.fromEntries(Object.entries(placement).map(([pod, node]): [string, KubeObject] => [`myproject/${pod}`, {
    apiVersion: "v1", kind: "Pod",
    metadata: { name: pod, namespace: "myproject", labels: { "strimzi.io/cluster": request.parent.metadata.name, "strimzi.io/broker-role": "true" } },
    spec: { nodeName: node },
  }]));
  request.related[NODES] = Object.fromEntries(nodes.map((n): [string, KubeObject] => [n.name, {
    apiVersion: "v1", kind: "Node", metadata: { name: n.name, ...(n.labels ? { labels: n.labels } : {}) }, status: { addresses: n.addresses },
  }]));
  return request;
}

/** The request after `answer` was applied and Kubernetes provided what it provides. */
export function afterApplying(request: SyncRequest, answer: SyncResponse<object>, options: { loadBalancerHostnames?: boolean } = {}): SyncRequest {
  const next = nextRequest(request, answer);
  next.related = structuredClone(request.related);
  return kubernetesProvides(next, options);
}

export const childNamed = (answer: SyncResponse<object>, kind: string, name: string): KubeObject | undefined =>
  answer.children.find((c) => c.kind === kind && c.metadata.name === name);

export function serverProperties(answer: SyncResponse<object>, pod: string): Map<string, string> {
  const configMap = childNamed(answer, "ConfigMap", pod) as { data?: Record<string, string> } | undefined;
  const text = configMap?.data?.["server.properties"] ?? "";
  return new Map(text.split("\n").filter((l) => l.includes("=") && !l.startsWith("#")).map((l) => {
    const at = l.indexOf("=");
    return [l.slice(0, at), l.slice(at + 1)];
  }));
}
