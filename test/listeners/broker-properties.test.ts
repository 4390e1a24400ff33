// What a broker's server.properties says about one listener, for a table of
// listener configurations: each type, with and without TLS, each authentication,
// overrides and templates, with what Kubernetes has (or has not yet) provided.
import t from "tap";
import { MY_CLUSTER_SUPER_USERS } from "../helpers/cluster-labels.js";
import type { GenericKafkaListener } from "../../lib/api/kafka.js";
import { brokerProperties } from "../../lib/config/broker-properties.js";
import { resolveListenerAddresses } from "../../lib/model/listener-addresses.js";
import { NO_OBSERVATIONS, type ListenerObservations } from "../../lib/model/listener-observations.js";
import { exampleModel, nodeOf } from "../config/model.js";

type Entries = Array<[string, string]>;

interface View {
  /** The listener's entry in `listeners`, `advertised.listeners` and the protocol map, or undefined when left out. */
  bind?: string;
  advertised?: string;
  protocol?: string;
  /** Its `listener.name.<name>.*` keys, in order. */
  keys: Entries;
}

function view(listener: GenericKafkaListener, observed: Partial<ListenerObservations> = {}, pod = "my-cluster-broker-0"): View {
  const model = exampleModel("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.kafka.listeners = [{ name: "plain", port: 9092, type: "internal", tls: false }, listener];
  });
  model.listenerAddresses = resolveListenerAddresses(model, { ...NO_OBSERVATIONS, ...observed });
  const entries = new Map(brokerProperties(model, nodeOf(model, pod)));
  const name = `${listener.name}-${listener.port}`.toUpperCase();
  const item = (key: string, prefix: string) => entries.get(key)?.split(",").find((e) => e.startsWith(prefix));
  const found: View = {
    keys: [...entries].filter(([key]) => key.startsWith(`listener.name.${name.toLowerCase()}.`)),
  };
  const bind = item("listeners", `${name}://`);
  const advertised = item("advertised.listeners", `${name}://`);
  const protocol = item("listener.security.protocol.map", `${name}:`);
  return { ...(bind ? { bind } : {}), ...(advertised ? { advertised } : {}), ...(protocol ? { protocol } : {}), ...found };
}

const POD = "my-cluster-broker-0.my-cluster-kafka-brokers.myproject.svc";
const keystore = (l: string): Entries => [
  [`listener.name.${l}.ssl.keystore.type`, "PEM"],
  [`listener.name.${l}.ssl.keystore.certificate.chain`, "${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-0.crt}"],
  [`listener.name.${l}.ssl.keystore.key`, "${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-0.key}"],
];
const clientsCa = (l: string): Entries => [
  [`listener.name.${l}.ssl.truststore.type`, "PEM"],
  [`listener.name.${l}.ssl.truststore.certificates`, "${strimzidir:/opt/kafka/client-ca-certs:ca.crt}"],
  [`listener.name.${l}.ssl.client.auth`, "required"],
];
const scram = (l: string): Entries => [
  [`listener.name.${l}.sasl.enabled.mechanisms`, "SCRAM-SHA-512"],
  [`listener.name.${l}.scram-sha-512.sasl.jaas.config`, "org.apache.kafka.common.security.scram.ScramLoginModule required;"],
];
const nodeAddress = (type: string) => `\${strimzifile:/opt/kafka/custom-config/node-address.properties:nodeport.${type}.address}`;
const services = (entries: Record<string, { nodePort?: number; loadBalancerAddress?: string }>) => ({ services: new Map(Object.entries(entries)) });

const cases: Array<{ name: string; listener: GenericKafkaListener; observed?: Partial<ListenerObservations>; expected: View }> = [
  {
    name: "internal, no TLS",
    listener: { name: "ext", port: 9094, type: "internal", tls: false },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: `EXT-9094://${POD}:9094`, protocol: "EXT-9094:PLAINTEXT", keys: [] },
  },
  {
    name: "internal, TLS, the cluster's DNS domain",
    listener: { name: "ext", port: 9094, type: "internal", tls: true, configuration: { useServiceDnsDomain: true } },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: `EXT-9094://${POD}.cluster.local:9094`, protocol: "EXT-9094:SSL", keys: keystore("ext-9094") },
  },
  {
    name: "internal, TLS, tls authentication",
    listener: { name: "ext", port: 9094, type: "internal", tls: true, authentication: { type: "tls" } },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: `EXT-9094://${POD}:9094`, protocol: "EXT-9094:SSL", keys: [...keystore("ext-9094"), ...clientsCa("ext-9094")] },
  },
  {
    name: "internal, no TLS, scram-sha-512",
    listener: { name: "ext", port: 9094, type: "internal", tls: false, authentication: { type: "scram-sha-512" } },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: `EXT-9094://${POD}:9094`, protocol: "EXT-9094:SASL_PLAINTEXT", keys: scram("ext-9094") },
  },
  {
    name: "internal, TLS, scram-sha-512",
    listener: { name: "ext", port: 9094, type: "internal", tls: true, authentication: { type: "scram-sha-512" } },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: `EXT-9094://${POD}:9094`, protocol: "EXT-9094:SASL_SSL", keys: [...keystore("ext-9094"), ...scram("ext-9094")] },
  },
  {
    name: "internal, TLS, custom SASL authentication: listenerConfig under the listener's prefix, keystore keys removed",
    listener: {
      name: "ext", port: 9094, type: "internal", tls: true,
      authentication: {
        type: "custom", sasl: true,
        listenerConfig: {
          "sasl.enabled.mechanisms": "OAUTHBEARER",
          "oauthbearer.sasl.server.callback.handler.class": "io.strimzi.kafka.oauth.server.JaasServerOauthValidatorCallbackHandler",
          "connections.max.reauth.ms": 3600000,
          "ssl.client.auth": "required",
          "ssl.truststore.type": "PEM",
          "ssl.truststore.location": "/mnt/client-ca/ca.crt",
          "ssl.principal.mapping.rules": "RULE:^CN=(.*?),O=.*$/$1/,DEFAULT",
          "ssl.keystore.location": "/tmp/x.p12",
          "SSL.KEYSTORE.PASSWORD": "changeit",
        },
      },
    },
    expected: {
      bind: "EXT-9094://0.0.0.0:9094", advertised: `EXT-9094://${POD}:9094`, protocol: "EXT-9094:SASL_SSL",
      keys: [
        ...keystore("ext-9094"),
        ["listener.name.ext-9094.connections.max.reauth.ms", "3600000"],
        ["listener.name.ext-9094.oauthbearer.sasl.server.callback.handler.class", "io.strimzi.kafka.oauth.server.JaasServerOauthValidatorCallbackHandler"],
        ["listener.name.ext-9094.sasl.enabled.mechanisms", "OAUTHBEARER"],
        // Strimzi forbids only ssl.keystore.* (any case): client certificates stay required.
        ["listener.name.ext-9094.ssl.client.auth", "required"],
        ["listener.name.ext-9094.ssl.principal.mapping.rules", "RULE:^CN=(.*?),O=.*$/$1/,DEFAULT"],
        ["listener.name.ext-9094.ssl.truststore.location", "/mnt/client-ca/ca.crt"],
        ["listener.name.ext-9094.ssl.truststore.type", "PEM"],
      ],
    },
  },
  {
    name: "internal, no TLS, custom authentication without SASL",
    listener: { name: "ext", port: 9094, type: "internal", tls: false, authentication: { type: "custom", listenerConfig: { "principal.builder.class": "com.example.Builder" } } },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: `EXT-9094://${POD}:9094`, protocol: "EXT-9094:PLAINTEXT", keys: [["listener.name.ext-9094.principal.builder.class", "com.example.Builder"]] },
  },
  {
    name: "internal, advertised host and port overrides for this broker, connection limits",
    listener: {
      name: "ext", port: 9094, type: "internal", tls: false,
      configuration: { brokers: [{ broker: 0, advertisedHost: "kafka-0.example.com", advertisedPort: 19094 }, { broker: 1, advertisedHost: "other" }], maxConnections: 100, maxConnectionCreationRate: 5 },
    },
    expected: {
      bind: "EXT-9094://0.0.0.0:9094", advertised: "EXT-9094://kafka-0.example.com:19094", protocol: "EXT-9094:PLAINTEXT",
      keys: [["listener.name.ext-9094.max.connections", "100"], ["listener.name.ext-9094.max.connection.creation.rate", "5"]],
    },
  },
  {
    name: "cluster-ip, TLS: the broker's own Service",
    listener: { name: "ext", port: 9094, type: "cluster-ip", tls: true },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: "EXT-9094://my-cluster-broker-ext-0.myproject.svc:9094", protocol: "EXT-9094:SSL", keys: keystore("ext-9094") },
  },
  {
    name: "cluster-ip behind a gateway: advertised host and port templates",
    listener: { name: "ext", port: 9094, type: "cluster-ip", tls: true, configuration: { advertisedHostTemplate: "broker-{nodeId}.gw.example.com", advertisedPortTemplate: "10000 + {nodeId} * 2" } },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: "EXT-9094://broker-0.gw.example.com:10000", protocol: "EXT-9094:SSL", keys: keystore("ext-9094") },
  },
  {
    name: "nodeport, no TLS: the node's address, read at start, and the Service's node port",
    listener: { name: "ext", port: 9094, type: "nodeport", tls: false },
    observed: services({ "my-cluster-broker-ext-0": { nodePort: 31234 } }),
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: `EXT-9094://${nodeAddress("default")}:31234`, protocol: "EXT-9094:PLAINTEXT", keys: [] },
  },
  {
    name: "nodeport, TLS, a preferred address type, the configured node port",
    listener: { name: "ext", port: 9094, type: "nodeport", tls: true, configuration: { preferredNodePortAddressType: "InternalDNS", brokers: [{ broker: 0, nodePort: 32000 }] } },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: `EXT-9094://${nodeAddress("internaldns")}:32000`, protocol: "EXT-9094:SSL", keys: keystore("ext-9094") },
  },
  {
    name: "nodeport with advertised overrides: no node address, no node port needed",
    listener: { name: "ext", port: 9094, type: "nodeport", tls: false, configuration: { advertisedHostTemplate: "kafka-{nodeId}.example.com", advertisedPortTemplate: "9094" } },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: "EXT-9094://kafka-0.example.com:9094", protocol: "EXT-9094:PLAINTEXT", keys: [] },
  },
  {
    name: "nodeport before Kubernetes gave the node port: left out, never advertised wrong",
    listener: { name: "ext", port: 9094, type: "nodeport", tls: false },
    expected: { keys: [] },
  },
  {
    name: "nodeport whose Service lost its node port: what the broker advertised before is kept",
    listener: { name: "ext", port: 9094, type: "nodeport", tls: false },
    observed: { advertised: new Map([["my-cluster-broker-0", new Map([["EXT-9094", { host: nodeAddress("default"), port: 31500 }]])]]) },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: `EXT-9094://${nodeAddress("default")}:31500`, protocol: "EXT-9094:PLAINTEXT", keys: [] },
  },
  {
    name: "loadbalancer, TLS, tls authentication: the load balancer's IP",
    listener: { name: "ext", port: 9094, type: "loadbalancer", tls: true, authentication: { type: "tls" } },
    observed: services({ "my-cluster-broker-ext-0": { loadBalancerAddress: "203.0.113.7" } }),
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: "EXT-9094://203.0.113.7:9094", protocol: "EXT-9094:SSL", keys: [...keystore("ext-9094"), ...clientsCa("ext-9094")] },
  },
  {
    name: "loadbalancer, no TLS, scram: the load balancer's hostname",
    listener: { name: "ext", port: 9094, type: "loadbalancer", tls: false, authentication: { type: "scram-sha-512" } },
    observed: services({ "my-cluster-broker-ext-0": { loadBalancerAddress: "a1b2.elb.example.com" } }),
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: "EXT-9094://a1b2.elb.example.com:9094", protocol: "EXT-9094:SASL_PLAINTEXT", keys: scram("ext-9094") },
  },
  {
    name: "loadbalancer before the load balancer exists: left out",
    listener: { name: "ext", port: 9094, type: "loadbalancer", tls: false },
    observed: services({ "my-cluster-broker-ext-0": {} }),
    expected: { keys: [] },
  },
  {
    name: "route, scram: the host the router gave, on 443",
    listener: { name: "ext", port: 9094, type: "route", tls: true, authentication: { type: "scram-sha-512" } },
    observed: { routeHosts: new Map([["my-cluster-broker-ext-0", "my-cluster-broker-ext-0-myproject.apps.example.com"]]) },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: "EXT-9094://my-cluster-broker-ext-0-myproject.apps.example.com:443", protocol: "EXT-9094:SASL_SSL", keys: [...keystore("ext-9094"), ...scram("ext-9094")] },
  },
  {
    name: "route with a host template: known before the router answers",
    listener: { name: "ext", port: 9094, type: "route", tls: true, configuration: { hostTemplate: "kafka-{nodeId}.apps.example.com" } },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: "EXT-9094://kafka-0.apps.example.com:443", protocol: "EXT-9094:SSL", keys: keystore("ext-9094") },
  },
  {
    name: "ingress: the broker's host on 443, the listener's own certificate",
    listener: {
      name: "ext", port: 9094, type: "ingress", tls: true,
      configuration: { bootstrap: { host: "b.example.com" }, hostTemplate: "kafka-{nodeId}.example.com", brokerCertChainAndKey: { secretName: "own", certificate: "tls.crt", key: "tls.key" } },
    },
    expected: {
      bind: "EXT-9094://0.0.0.0:9094", advertised: "EXT-9094://kafka-0.example.com:443", protocol: "EXT-9094:SSL",
      keys: [
        ["listener.name.ext-9094.ssl.keystore.type", "PEM"],
        ["listener.name.ext-9094.ssl.keystore.certificate.chain", "${strimzidir:/opt/kafka/broker-certs:custom-ext-9094.crt}"],
        ["listener.name.ext-9094.ssl.keystore.key", "${strimzidir:/opt/kafka/broker-certs:custom-ext-9094.key}"],
      ],
    },
  },
  {
    name: "tlsroute terminated at the gateway (no TLS), an advertised port override",
    listener: {
      name: "ext", port: 9094, type: "tlsroute", tls: false,
      configuration: { parentRefs: [{ name: "gw" }], bootstrap: { host: "b.example.com" }, hostTemplate: "kafka-{nodeId}.example.com", brokers: [{ broker: 0, advertisedPort: 8443 }] },
    },
    expected: { bind: "EXT-9094://0.0.0.0:9094", advertised: "EXT-9094://kafka-0.example.com:8443", protocol: "EXT-9094:PLAINTEXT", keys: [] },
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    t.strictSame(view(c.listener, c.observed), c.expected);
  });
}

t.test("controllers have no user listeners, whatever their type", async (t) => {
  const listener: GenericKafkaListener = { name: "ext", port: 9094, type: "loadbalancer", tls: true };
  t.strictSame(view(listener, services({ "my-cluster-broker-ext-0": { loadBalancerAddress: "203.0.113.7" } }), "my-cluster-controller-3"), { keys: [] });
});

t.test("a listener left out is left out entirely: the rest of the broker's listeners stay as they were", async (t) => {
  const model = exampleModel("kafka/kafka-persistent.yaml");
  const before = brokerProperties(model, nodeOf(model, "my-cluster-broker-0"));
  const withPending = exampleModel("kafka/kafka-persistent.yaml", (kafka) => {
    kafka.spec.kafka.listeners.push({ name: "ext", port: 9094, type: "loadbalancer", tls: true, authentication: { type: "tls" } });
  });
  withPending.listenerAddresses = resolveListenerAddresses(withPending, NO_OBSERVATIONS);
  t.strictSame(brokerProperties(withPending, nodeOf(withPending, "my-cluster-broker-0")), before);
});

t.test("authorization: simple and custom, with the cluster's own identities as super users, on every node", async (t) => {
  const operators = MY_CLUSTER_SUPER_USERS;
  const entries = (pod: string, authorization: { type: "simple" | "custom"; superUsers?: string[]; authorizerClass?: string; supportsAdminApi?: boolean }) => {
    const model = exampleModel("kafka/kafka-persistent.yaml", (kafka) => { kafka.spec.kafka.authorization = authorization; });
    const map = new Map(brokerProperties(model, nodeOf(model, pod)));
    return [map.get("authorizer.class.name"), map.get("super.users")];
  };
  t.same(entries("my-cluster-broker-0", { type: "simple", superUsers: ["CN=admin"] }),
    ["org.apache.kafka.metadata.authorizer.StandardAuthorizer", [...operators, "User:CN=admin"].join(";")]);
  t.same(entries("my-cluster-controller-3", { type: "custom", authorizerClass: "io.strimzi.kafka.oauth.server.authorizer.KeycloakAuthorizer", superUsers: ["service-account-kafka"], supportsAdminApi: true }),
    ["io.strimzi.kafka.oauth.server.authorizer.KeycloakAuthorizer", [...operators, "User:service-account-kafka"].join(";")]);
});
