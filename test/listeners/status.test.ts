// status.listeners for every listener type, before and after Kubernetes provided
// the addresses: the addresses, bootstrapServers and the certificate to trust;
// and the Ready condition and resync while an address is awaited.
import t from "tap";
import type { GenericKafkaListener, ListenerStatus } from "../../lib/api/kafka.js";
import type { Secret } from "../../lib/api/kubernetes.js";
import { createCertificateAuthority } from "../../lib/pki/certificate-authority.js";
import { issueNodeCertificate } from "../../lib/pki/end-entity.js";
import { fixedKeyPairSource } from "../../lib/pki/keys.js";
import { fixtureKeys } from "../helpers/keys.js";
import { testEnvironment } from "../helpers/requests.js";
import { afterApplying, childNamed, requestWith, scheduled, sync } from "./cluster.js";

const plain: GenericKafkaListener = { name: "plain", port: 9092, type: "internal", tls: false };

function clusterCa(answer: ReturnType<typeof sync>): string {
  const secret = childNamed(answer, "Secret", "my-cluster-cluster-ca-cert") as Secret | undefined;
  return Buffer.from(secret?.data?.["ca.crt"] ?? "", "base64").toString();
}

const status = (answer: ReturnType<typeof sync>, name: string): ListenerStatus | undefined => answer.status.listeners?.find((l) => l.name === name);

const NODES = [
  { name: "node-a", addresses: [{ type: "InternalIP", address: "192.168.0.1" }, { type: "ExternalIP", address: "203.0.113.1" }, { type: "Hostname", address: "node-a" }] },
  { name: "node-b", addresses: [{ type: "InternalIP", address: "192.168.0.2" }, { type: "Hostname", address: "node-b" }] },
];
const PLACEMENT = { "my-cluster-broker-0": "node-a", "my-cluster-broker-1": "node-b", "my-cluster-broker-2": "node-a" };

interface Case {
  name: string;
  listener: GenericKafkaListener;
  /** The status on the first sync, before Kubernetes provided anything; `ca` stands for the cluster CA's certificate. */
  first: Omit<ListenerStatus, "name">;
  /** After Kubernetes provided addresses (and the brokers were scheduled, for node ports). */
  then: Omit<ListenerStatus, "name">;
  /** The Ready condition's message on the first sync, up to the PodSets' part. */
  waiting?: string;
}

const CA = "ca";
const at = (host: string, port: number) => ({ addresses: [{ host, port }], bootstrapServers: `${host}:${port}` });

const cases: Case[] = [
  {
    name: "internal, TLS, the cluster's DNS domain",
    listener: { name: "ext", port: 9094, type: "internal", tls: true, configuration: { useServiceDnsDomain: true } },
    first: { ...at("my-cluster-kafka-bootstrap.myproject.svc.cluster.local", 9094), certificates: [CA] },
    then: { ...at("my-cluster-kafka-bootstrap.myproject.svc.cluster.local", 9094), certificates: [CA] },
  },
  {
    name: "cluster-ip, no TLS: its own bootstrap Service, no certificate",
    listener: { name: "ext", port: 9094, type: "cluster-ip", tls: false },
    first: at("my-cluster-kafka-ext-bootstrap.myproject.svc", 9094),
    then: at("my-cluster-kafka-ext-bootstrap.myproject.svc", 9094),
  },
  {
    name: "nodeport, TLS: the nodes the brokers run on, at the bootstrap node port",
    listener: { name: "ext", port: 9094, type: "nodeport", tls: true },
    first: { certificates: [CA] },
    then: {
      addresses: [{ host: "192.168.0.2", port: 31000 }, { host: "203.0.113.1", port: 31000 }],
      bootstrapServers: "192.168.0.2:31000,203.0.113.1:31000",
      certificates: [CA],
    },
    waiting: "listener ext to get a node port for Service my-cluster-kafka-ext-bootstrap, Service my-cluster-broker-ext-0, Service my-cluster-broker-ext-1 and 1 more",
  },
  {
    name: "nodeport preferring internal IPs, configured bootstrap node port",
    listener: { name: "ext", port: 9094, type: "nodeport", tls: false, configuration: { preferredNodePortAddressType: "InternalIP", bootstrap: { nodePort: 32100 } } },
    first: {},
    then: { addresses: [{ host: "192.168.0.1", port: 32100 }, { host: "192.168.0.2", port: 32100 }], bootstrapServers: "192.168.0.1:32100,192.168.0.2:32100" },
    waiting: "listener ext to get a node address for a scheduled broker and a node port for Service my-cluster-broker-ext-0, Service my-cluster-broker-ext-1, Service my-cluster-broker-ext-2",
  },
  {
    name: "loadbalancer, TLS: the bootstrap load balancer",
    listener: { name: "ext", port: 9094, type: "loadbalancer", tls: true },
    first: { certificates: [CA] },
    then: { ...at("10.0.0.1", 9094), certificates: [CA] },
    waiting: "listener ext to get a load balancer address for Service my-cluster-kafka-ext-bootstrap, Service my-cluster-broker-ext-0, Service my-cluster-broker-ext-1 and 1 more",
  },
  {
    name: "loadbalancer without a bootstrap Service: every broker's load balancer",
    listener: { name: "ext", port: 9094, type: "loadbalancer", tls: false, configuration: { createBootstrapService: false } },
    first: {},
    then: {
      addresses: [{ host: "10.0.0.1", port: 9094 }, { host: "10.0.0.2", port: 9094 }, { host: "10.0.0.3", port: 9094 }],
      bootstrapServers: "10.0.0.1:9094,10.0.0.2:9094,10.0.0.3:9094",
    },
  },
  {
    name: "route: the bootstrap Route's host, on 443",
    listener: { name: "ext", port: 9094, type: "route", tls: true },
    first: { certificates: [CA] },
    then: { ...at("my-cluster-kafka-ext-bootstrap-myproject.apps.example.com", 443), certificates: [CA] },
  },
  {
    name: "ingress: the bootstrap host, on 443, known at once",
    listener: { name: "ext", port: 9094, type: "ingress", tls: true, configuration: { bootstrap: { host: "kafka.example.com" }, hostTemplate: "kafka-{nodeId}.example.com" } },
    first: { ...at("kafka.example.com", 443), certificates: [CA] },
    then: { ...at("kafka.example.com", 443), certificates: [CA] },
  },
  {
    name: "tlsroute without TLS (terminated at the gateway): the bootstrap host, no certificate",
    listener: { name: "ext", port: 9094, type: "tlsroute", tls: false, configuration: { parentRefs: [{ name: "gw" }], bootstrap: { host: "kafka.example.com" }, hostTemplate: "kafka-{nodeId}.example.com" } },
    first: at("kafka.example.com", 443),
    then: at("kafka.example.com", 443),
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const request = requestWith([plain, c.listener]);
    const first = sync(request);
    const expand = (s: Omit<ListenerStatus, "name">) => ({ name: "ext", ...s, ...(s.certificates ? { certificates: [clusterCa(first)] } : {}) });
    t.strictSame(status(first, "ext"), expand(c.first), "first sync");
    const condition = first.status.conditions?.[0];
    if (c.waiting !== undefined) {
      t.match(condition, { type: "NotReady", reason: "ListenerAddressesPending" });
      t.equal(condition?.message?.startsWith(`waiting for ${c.waiting}; `), true, condition?.message ?? "no message");
      t.equal(first.resyncAfterSeconds, 5, "resyncs while addresses are awaited");
    } else if (!("addresses" in c.first)) {
      t.match(condition, { reason: "ListenerAddressesPending" });
    } else {
      t.match(condition, { reason: "PodsNotReady" });
    }
    const next = scheduled(afterApplying(request, first), PLACEMENT, NODES);
    const then = sync(next);
    t.strictSame(status(then, "ext"), expand(c.then), "once Kubernetes provided the addresses");
    t.not(then.status.conditions?.[0]?.reason, "ListenerAddressesPending", "no address is awaited any more");
    t.equal(then.resyncAfterSeconds, undefined);
  });
}

t.test("nodeport: an advertised host override stands in for the node's address, in the status too", async (t) => {
  const request = requestWith([plain, { name: "ext", port: 9094, type: "nodeport", tls: false, configuration: { brokers: [{ broker: 1, advertisedHost: "kafka-1.example.com" }] } }]);
  const then = sync(scheduled(afterApplying(request, sync(request)), PLACEMENT, NODES));
  t.same(status(then, "ext")?.addresses, [{ host: "203.0.113.1", port: 31000 }, { host: "kafka-1.example.com", port: 31000 }]);
});

t.test("a listener serving its own certificate shows that certificate's chain to its clients", async (t) => {
  const keys = fixedKeyPairSource(fixtureKeys.slice(2));
  const env = testEnvironment();
  const publicCa = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 0, validityDays: 365 }, keys, env);
  const certificate = issueNodeCertificate(publicCa, { clusterName: "public", dnsNames: ["kafka.example.com"], ipAddresses: [], validityDays: 90, privateKeyPem: keys() }, env);
  const chain = `${certificate}${publicCa.certificatePem}`;
  const request = requestWith([plain, {
    name: "ext", port: 9094, type: "ingress", tls: true,
    configuration: { bootstrap: { host: "kafka.example.com" }, hostTemplate: "kafka-{nodeId}.example.com", brokerCertChainAndKey: { secretName: "public-cert", certificate: "tls.crt", key: "tls.key" } },
  }]);
  request.related["Secret.v1"] = {
    "myproject/public-cert": {
      apiVersion: "v1", kind: "Secret", metadata: { name: "public-cert", namespace: "myproject" },
      data: { "tls.crt": Buffer.from(chain).toString("base64"), "tls.key": Buffer.from(fixtureKeys[3] ?? "").toString("base64") },
    },
  };
  const answer = sync(request);
  t.same(status(answer, "ext")?.certificates, [chain]);
});
