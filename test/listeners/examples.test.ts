// Every Strimzi example that holds a Kafka, with listeners of every type added
// (secured as the example secures its own), renders children that are valid
// for their kinds: on the first sync and once Kubernetes provided addresses.
import t from "tap";
import type { GenericKafkaListener, Kafka } from "../../lib/api/kafka.js";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { expandPodSet } from "../../lib/podset/expand.js";
import { exampleRequests } from "../helpers/examples.js";
import { openApiError } from "../helpers/openapi.js";
import { ROUTES, TLS_ROUTES, afterApplying, scheduled, sync } from "./cluster.js";

/** One listener of each type with Services of its own, authenticated like the example's first TLS listener. */
function externalListeners(kafka: Kafka): GenericKafkaListener[] {
  const secured = kafka.spec.kafka.listeners.find((l) => l.tls && l.authentication) ?? kafka.spec.kafka.listeners.find((l) => l.tls);
  const authentication = secured?.authentication ? { authentication: secured.authentication } : {};
  const routed = { bootstrap: { host: "kafka.example.com" }, hostTemplate: "kafka-{nodeId}.example.com" };
  return [
    { name: "nodeport", port: 9101, type: "nodeport", tls: true, ...authentication },
    { name: "lb", port: 9102, type: "loadbalancer", tls: true, ...authentication, configuration: { loadBalancerSourceRanges: ["10.0.0.0/8"], finalizers: ["service.kubernetes.io/load-balancer-cleanup"] } },
    { name: "route", port: 9103, type: "route", tls: true, ...authentication },
    { name: "ingress", port: 9104, type: "ingress", tls: true, ...authentication, configuration: { ...routed, class: "nginx" } },
    { name: "tlsroute", port: 9105, type: "tlsroute", tls: true, ...authentication, configuration: { ...routed, bootstrap: { host: "gw.example.com" }, hostTemplate: "gw-{nodeId}.example.com", parentRefs: [{ name: "gateway", sectionName: "kafka" }] } },
    { name: "clusterip", port: 9106, type: "cluster-ip", tls: true, ...authentication, configuration: { advertisedHostTemplate: "b-{nodeId}.gw.example.com", advertisedPortTemplate: "9200 + {nodeId}" } },
  ];
}

function invalidChildren(children: readonly KubeObject[]): string[] {
  return children.flatMap((child) => {
    const objects = child.kind === "StrimziPodSet" ? expandPodSet(child as StrimziPodSet) as unknown as KubeObject[] : [child];
    return objects.flatMap((o) => {
      const error = openApiError(o);
      return error === undefined ? [] : [`${o.kind}/${o.metadata?.name}: ${error}`];
    });
  });
}

for (const { example, request: original } of exampleRequests()) {
  t.test(example, async (t) => {
    const request = structuredClone(original);
    const kafka = request.parent as Kafka;
    kafka.spec.kafka.listeners.push(...externalListeners(kafka));
    request.children[ROUTES] = {};
    request.children[TLS_ROUTES] = {};

    const first = sync(request);
    t.match(first.status.conditions?.[0], { type: "NotReady", reason: "ListenerAddressesPending" }, first.status.conditions?.[0]?.message ?? "");
    t.same(invalidChildren(first.children), [], "first sync: every child is valid");

    // Every node's ConfigMap is named after its pod, held back or not; all run on one node.
    const brokers = Object.fromEntries(first.children.filter((c) => c.kind === "ConfigMap").map((c) => [c.metadata.name, "node-a"]));
    const next = scheduled(afterApplying(request, first), brokers, [{ name: "node-a", addresses: [{ type: "ExternalIP", address: "203.0.113.1" }] }]);
    const then = sync(next);
    t.not(then.status.conditions?.[0]?.reason, "ListenerAddressesPending", then.status.conditions?.[0]?.message ?? "");
    t.not(then.status.conditions?.[0]?.reason, "InvalidResource");
    t.same(invalidChildren(then.children), [], "with addresses: every child is valid");
    t.same(then.status.listeners?.map((l) => l.name), kafka.spec.kafka.listeners.map((l) => l.name), "a status for every listener");
    t.ok(then.status.listeners?.every((l) => (l.addresses?.length ?? 0) > 0), "every listener has its addresses");
  });
}
