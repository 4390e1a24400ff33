// How addresses reach the brokers over successive syncs: new brokers wait for
// theirs, running brokers never advertise a guess, node port brokers read their
// node's address from a file the hook writes once they are scheduled, and every
// external name lands in the brokers' certificates.
import t from "tap";
import type { GenericKafkaListener } from "../../lib/api/kafka.js";
import type { ConfigMap, Secret } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import type { SyncRequest, SyncResponse } from "../../lib/metacontroller.js";
import { nodeAddress, nodeAddressFile } from "../../lib/model/node-addresses.js";
import { parseCertificate } from "../../lib/pki/inspect.js";
import { customizeKafka } from "../../lib/sync/customize.js";
import { SERVICES, afterApplying, childNamed, kubernetesProvides, requestWith, scheduled, serverProperties, sync } from "./cluster.js";
import { nextRequest } from "../helpers/observe.js";
import type { Kafka } from "../../lib/api/kafka.js";

const plain: GenericKafkaListener = { name: "plain", port: 9092, type: "internal", tls: false };

const podsOf = (answer: SyncResponse<object>, podSet: string): string[] =>
  (childNamed(answer, "StrimziPodSet", podSet) as StrimziPodSet | undefined)?.spec.pods.map((p) => p.metadata.name) ?? [];
const podAnnotations = (answer: SyncResponse<object>, pod: string): Record<string, string> | undefined => answer.children
  .filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet")
  .flatMap((ps) => ps.spec.pods).find((p) => p.metadata.name === pod)?.metadata.annotations;
const configMap = (answer: SyncResponse<object>, pod: string) => childNamed(answer, "ConfigMap", pod) as ConfigMap | undefined;
function certificateOf(answer: SyncResponse<object>, pod: string) {
  const secret = childNamed(answer, "Secret", pod) as Secret | undefined;
  return parseCertificate(Buffer.from(secret?.data?.[`${pod}.crt`] ?? "", "base64").toString());
}

const NODES = [
  { name: "node-a", addresses: [{ type: "InternalIP", address: "192.168.0.1" }, { type: "ExternalIP", address: "203.0.113.1" }] },
  { name: "node-b", addresses: [{ type: "InternalIP", address: "192.168.0.2" }, { type: "ExternalDNS", address: "node-b.example.com" }] },
];

t.test("new brokers wait for their load balancers; controllers and the Services do not", async (t) => {
  const request = requestWith([plain, { name: "ext", port: 9094, type: "loadbalancer", tls: true }]);
  const first = sync(request);
  t.same(podsOf(first, "my-cluster-broker"), [], "no broker pod before its address is known");
  t.same(podsOf(first, "my-cluster-controller"), ["my-cluster-controller-3", "my-cluster-controller-4", "my-cluster-controller-5"]);
  t.ok(childNamed(first, "Service", "my-cluster-broker-ext-0"), "the broker's load balancer is asked for at once");
  t.ok(configMap(first, "my-cluster-broker-0"), "the broker's configuration is there");

  const second = sync(afterApplying(request, first));
  t.same(podsOf(second, "my-cluster-broker"), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"]);
  t.equal(serverProperties(second, "my-cluster-broker-2").get("advertised.listeners")?.split(",").at(-1), "EXT-9094://10.0.0.4:9094");
});

t.test("running brokers whose load balancers lost their addresses keep advertising the last ones, and are not restarted", async (t) => {
  const request = requestWith([plain, { name: "ext", port: 9094, type: "loadbalancer", tls: true }]);
  const settled = afterApplying(request, sync(request));
  const running = sync(settled);
  const steady = nextRequest(settled, running);
  steady.children = kubernetesProvides(steady).children;
  const lost = structuredClone(steady);
  for (const name of ["my-cluster-broker-ext-1", "my-cluster-kafka-ext-bootstrap"]) {
    const service = lost.children[SERVICES]?.[`myproject/${name}`];
    if (service) delete service.status;
  }
  const answer = sync(lost);
  t.same(podsOf(answer, "my-cluster-broker"), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"], "running brokers are never held back");
  t.equal(serverProperties(answer, "my-cluster-broker-1").get("advertised.listeners"), serverProperties(running, "my-cluster-broker-1").get("advertised.listeners"));
  t.same(podAnnotations(answer, "my-cluster-broker-1"), podAnnotations(running, "my-cluster-broker-1"), "same configuration and certificate: no restart");
  t.same(podAnnotations(answer, "my-cluster-broker-0"), podAnnotations(running, "my-cluster-broker-0"), "nor the others, though the bootstrap address is lost");
  t.match(answer.status.conditions?.[0], {
    reason: "ListenerAddressesPending",
    message: /listener ext to get a load balancer address for Service my-cluster-kafka-ext-bootstrap, Service my-cluster-broker-ext-1$/,
  });
  t.same(answer.status.listeners?.find((l) => l.name === "ext")?.addresses, undefined, "the status says the address is not known");
  t.equal(answer.resyncAfterSeconds, 5);
});

t.test("node ports: the node-address file follows the pod, outside the configuration hash", async (t) => {
  const request = requestWith([plain, { name: "ext", port: 9094, type: "nodeport", tls: false, configuration: { preferredNodePortAddressType: "InternalIP" } }]);
  const settled = afterApplying(request, sync(request));
  const unscheduled = sync(settled);
  t.same(podsOf(unscheduled, "my-cluster-broker"), ["my-cluster-broker-0", "my-cluster-broker-1", "my-cluster-broker-2"], "a node port broker cannot wait to be scheduled");
  t.equal(configMap(unscheduled, "my-cluster-broker-0")?.data?.["node-address.properties"], undefined, "no file before the pod is scheduled");
  t.equal(serverProperties(unscheduled, "my-cluster-broker-0").get("advertised.listeners")?.split(",").at(-1),
    "EXT-9094://${strimzifile:/opt/kafka/custom-config/node-address.properties:nodeport.internalip.address}:31001");

  const placed = sync(scheduled(structuredClone(settled), { "my-cluster-broker-0": "node-a", "my-cluster-broker-1": "node-b" }, NODES));
  t.equal(configMap(placed, "my-cluster-broker-0")?.data?.["node-address.properties"],
    "# Addresses of Kubernetes node node-a, written by kafka-hooks once the pod was scheduled there.\nnodeport.internalip.address=192.168.0.1\n");
  t.equal(configMap(placed, "my-cluster-broker-1")?.data?.["node-address.properties"],
    "# Addresses of Kubernetes node node-b, written by kafka-hooks once the pod was scheduled there.\nnodeport.internalip.address=192.168.0.2\n");
  t.equal(configMap(placed, "my-cluster-broker-2")?.data?.["node-address.properties"], undefined, "broker 2 is not scheduled yet");
  t.same(podAnnotations(placed, "my-cluster-broker-0"), podAnnotations(unscheduled, "my-cluster-broker-0"), "where a pod runs does not restart it");

  const moving = scheduled(structuredClone(settled), { "my-cluster-broker-0": "node-a" }, NODES);
  const pod = moving.related["Pod.v1"]?.["myproject/my-cluster-broker-0"];
  if (pod) pod.metadata.deletionTimestamp = "2026-11-24T12:00:00Z";
  t.equal(configMap(sync(moving), "my-cluster-broker-0")?.data?.["node-address.properties"], undefined,
    "a pod being deleted loses its file: its replacement never reads the old node's address");
});

t.test("Strimzi's node address order: the preferred type, then ExternalDNS, ExternalIP, InternalDNS, InternalIP, Hostname", async (t) => {
  const addresses = [
    { type: "Hostname", address: "host" },
    { type: "InternalIP", address: "10.0.0.1" },
    { type: "InternalIP", address: "10.0.0.2" },
    { type: "ExternalIP", address: "203.0.113.1" },
    { type: "InternalDNS", address: "node.internal" },
  ];
  t.equal(nodeAddress(addresses, undefined), "203.0.113.1");
  t.equal(nodeAddress(addresses, "InternalIP"), "10.0.0.1", "the first address of a type");
  t.equal(nodeAddress(addresses, "ExternalDNS"), "203.0.113.1", "a missing preferred type falls back to the order");
  t.equal(nodeAddress([{ type: "Hostname", address: "host" }], undefined), "host");
  t.equal(nodeAddress([], undefined), undefined);
  t.equal(nodeAddressFile("n", addresses, [undefined, "InternalDNS", undefined]),
    "# Addresses of Kubernetes node n, written by kafka-hooks once the pod was scheduled there.\nnodeport.default.address=203.0.113.1\nnodeport.internaldns.address=node.internal\n");
  t.equal(nodeAddressFile("n", [], [undefined]), undefined, "no file for a node without addresses");
});

function externalNamesCluster(): { request: SyncRequest; answer: SyncResponse<NonNullable<Kafka["status"]>> } {
  const request = requestWith([
    plain,
    { name: "lb", port: 9094, type: "loadbalancer", tls: true, configuration: { bootstrap: { alternativeNames: ["kafka.example.com"] } } },
    { name: "route", port: 9095, type: "route", tls: true },
    { name: "ing", port: 9096, type: "ingress", tls: true, configuration: { bootstrap: { host: "bootstrap.example.com" }, hostTemplate: "broker-{nodeId}.example.com" } },
    { name: "int", port: 9097, type: "internal", tls: true, configuration: { advertisedHostTemplate: "kafka-{nodeId}.internal.example.com" } },
    { name: "cip", port: 9098, type: "cluster-ip", tls: true },
  ]);
  const next = afterApplying(request, sync(request));
  return { request: next, answer: sync(next) };
}

t.test("brokers' certificates name every external name and address; controllers' only the pod's and the cluster Services'", async (t) => {
  const { answer } = externalNamesCluster();
  const broker = certificateOf(answer, "my-cluster-broker-1");
  t.same(broker.dnsNames, [
    "bootstrap.example.com",
    "broker-1.example.com",
    "kafka-1.internal.example.com",
    "kafka.example.com",
    "my-cluster-broker-1.my-cluster-kafka-brokers.myproject.svc",
    "my-cluster-broker-1.my-cluster-kafka-brokers.myproject.svc.cluster.local",
    "my-cluster-broker-cip-1.myproject.svc",
    "my-cluster-broker-route-1-myproject.apps.example.com",
    "my-cluster-kafka-bootstrap",
    "my-cluster-kafka-bootstrap.myproject",
    "my-cluster-kafka-bootstrap.myproject.svc",
    "my-cluster-kafka-bootstrap.myproject.svc.cluster.local",
    "my-cluster-kafka-brokers",
    "my-cluster-kafka-brokers.myproject",
    "my-cluster-kafka-brokers.myproject.svc",
    "my-cluster-kafka-brokers.myproject.svc.cluster.local",
    "my-cluster-kafka-cip-bootstrap",
    "my-cluster-kafka-cip-bootstrap.myproject",
    "my-cluster-kafka-cip-bootstrap.myproject.svc",
    "my-cluster-kafka-cip-bootstrap.myproject.svc.cluster.local",
    "my-cluster-kafka-route-bootstrap-myproject.apps.example.com",
  ]);
  // The bootstrap load balancer (10.0.0.1) and this broker's (10.0.0.3).
  t.same(broker.ipAddresses, ["10.0.0.1", "10.0.0.3"]);
  const controller = certificateOf(answer, "my-cluster-controller-3");
  // No external name: only the pod's and the cluster Services' names, as in Strimzi.
  t.same(controller.dnsNames, [
    "my-cluster-controller-3.my-cluster-kafka-brokers.myproject.svc",
    "my-cluster-controller-3.my-cluster-kafka-brokers.myproject.svc.cluster.local",
    "my-cluster-kafka-bootstrap",
    "my-cluster-kafka-bootstrap.myproject",
    "my-cluster-kafka-bootstrap.myproject.svc",
    "my-cluster-kafka-bootstrap.myproject.svc.cluster.local",
    "my-cluster-kafka-brokers",
    "my-cluster-kafka-brokers.myproject",
    "my-cluster-kafka-brokers.myproject.svc",
    "my-cluster-kafka-brokers.myproject.svc.cluster.local",
  ]);
  t.same(controller.ipAddresses, []);
});

t.test("a new load balancer address re-issues the broker's certificate, and restarts the broker", async (t) => {
  const { request, answer } = externalNamesCluster();
  const steady = nextRequest(request, answer);
  steady.children = kubernetesProvides(steady).children;
  const same = sync(steady);
  t.same(podAnnotations(same, "my-cluster-broker-1"), podAnnotations(answer, "my-cluster-broker-1"), "nothing changed: the certificate is kept");
  const moved = structuredClone(steady);
  const service = moved.children[SERVICES]?.["myproject/my-cluster-broker-lb-1"];
  if (service) service.status = { loadBalancer: { ingress: [{ ip: "10.9.9.9" }] } };
  const reissued = sync(moved);
  t.same(certificateOf(reissued, "my-cluster-broker-1").ipAddresses, ["10.0.0.1", "10.9.9.9"]);
  t.not(podAnnotations(reissued, "my-cluster-broker-1")?.["strimzi.io/server-cert-hash"], podAnnotations(answer, "my-cluster-broker-1")?.["strimzi.io/server-cert-hash"]);
  t.not(podAnnotations(reissued, "my-cluster-broker-1")?.["strimzi.io/configuration-hash"], podAnnotations(answer, "my-cluster-broker-1")?.["strimzi.io/configuration-hash"]);
  t.same(podAnnotations(reissued, "my-cluster-broker-0"), podAnnotations(answer, "my-cluster-broker-0"), "the other brokers are left alone");
});

t.test("customize: node port listeners ask for the brokers' pods and every Node", async (t) => {
  const request = requestWith([plain]);
  const kafka = request.parent as Kafka;
  const base = customizeKafka(kafka).relatedResources;
  t.notOk(base.some((r) => r.resource === "pods" || r.resource === "nodes"), "not without node port listeners");
  kafka.spec.kafka.listeners.push({ name: "ext", port: 9094, type: "nodeport", tls: false });
  t.same(customizeKafka(kafka).relatedResources.slice(base.length), [
    { apiVersion: "v1", resource: "pods", namespace: "myproject", labelSelector: { matchLabels: { "strimzi.io/cluster": "my-cluster", "strimzi.io/broker-role": "true" } } },
    { apiVersion: "v1", resource: "nodes", labelSelector: {} },
  ]);
});
