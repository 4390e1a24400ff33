import t from "tap";
import { MY_CLUSTER_SUPER_USERS } from "../helpers/cluster-labels.js";
import { brokerProperties, listenerName } from "../../lib/config/broker-properties.js";
import { renderProperties } from "../../lib/kafka-files/properties.js";
import { exampleModel, nodeOf } from "./model.js";

type Entries = Array<[string, string]>;

// Test-side spellings of what every node shares, written out rather than taken from the code under test.
const dns = (pod: string): string => `${pod}.my-cluster-kafka-brokers.myproject.svc`;
const VOTERS_3_4_5 = [
  "3@my-cluster-controller-3.my-cluster-kafka-brokers.myproject.svc:9090",
  "4@my-cluster-controller-4.my-cluster-kafka-brokers.myproject.svc:9090",
  "5@my-cluster-controller-5.my-cluster-kafka-brokers.myproject.svc:9090",
].join(",");

const PROVIDERS: Entries = [
  ["config.providers", "strimzienv,strimzifile,strimzidir"],
  ["config.providers.strimzienv.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider"],
  ["config.providers.strimzienv.param.allowlist.pattern", ".*"],
  ["config.providers.strimzifile.class", "org.apache.kafka.common.config.provider.FileConfigProvider"],
  ["config.providers.strimzifile.param.allowed.paths", "/opt/kafka"],
  ["config.providers.strimzidir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider"],
  ["config.providers.strimzidir.param.allowed.paths", "/opt/kafka"],
];

/** spec.kafka.config of the examples, sorted. */
const userConfig = (replicationFactor: string, minIsr: string): Entries => [
  ["default.replication.factor", replicationFactor],
  ["min.insync.replicas", minIsr],
  ["offsets.topic.replication.factor", replicationFactor],
  ["transaction.state.log.min.isr", minIsr],
  ["transaction.state.log.replication.factor", replicationFactor],
];

/** The node's certificate, trusting the cluster CA: the control plane and replication listeners. */
const internalTls = (listener: string, pod: string, listening = true): Entries => [
  [`listener.name.${listener}.ssl.keystore.type`, "PEM"],
  [`listener.name.${listener}.ssl.keystore.certificate.chain`, `\${strimzidir:/opt/kafka/broker-certs:${pod}.crt}`],
  [`listener.name.${listener}.ssl.keystore.key`, `\${strimzidir:/opt/kafka/broker-certs:${pod}.key}`],
  [`listener.name.${listener}.ssl.truststore.type`, "PEM"],
  [`listener.name.${listener}.ssl.truststore.certificates`, "${strimzidir:/opt/kafka/cluster-ca-certs:ca.crt}"],
  // Mutual TLS where the node listens; a broker only dials the control plane.
  ...(listening ? [[`listener.name.${listener}.ssl.client.auth`, "required"] as [string, string]] : []),
];

const nodeKeystore = (listener: string, pod: string): Entries => [
  [`listener.name.${listener}.ssl.keystore.type`, "PEM"],
  [`listener.name.${listener}.ssl.keystore.certificate.chain`, `\${strimzidir:/opt/kafka/broker-certs:${pod}.crt}`],
  [`listener.name.${listener}.ssl.keystore.key`, `\${strimzidir:/opt/kafka/broker-certs:${pod}.key}`],
];

/** A controller of a cluster with controllers 3, 4 and 5. */
const controller = (nodeId: number, logDirs: string, replicationFactor: string, minIsr: string): Entries => {
  const pod = `my-cluster-controller-${nodeId}`;
  return [
    ["node.id", String(nodeId)],
    ["process.roles", "controller"],
    ["controller.listener.names", "CONTROLPLANE-9090"],
    ["controller.quorum.voters", VOTERS_3_4_5],
    ["listeners", "CONTROLPLANE-9090://0.0.0.0:9090"],
    ["advertised.listeners", `CONTROLPLANE-9090://${dns(pod)}:9090`],
    ["listener.security.protocol.map", "CONTROLPLANE-9090:SSL"],
    ...internalTls("controlplane-9090", pod),
    ...PROVIDERS,
    ["log.dirs", logDirs],
    ["metadata.log.dir", logDirs],
    ...userConfig(replicationFactor, minIsr),
  ];
};

/** A broker of the examples with listeners plain (9092, no TLS) and tls (9093, TLS, no authentication). */
const plainAndTlsBroker = (nodeId: number, pod: string, voters: string, roles: string, logDirs: string, metadataLogDir: string, replicationFactor: string, minIsr: string): Entries => {
  const isController = roles.includes("controller");
  return [
    ["node.id", String(nodeId)],
    ["process.roles", roles],
    ["controller.listener.names", "CONTROLPLANE-9090"],
    ["controller.quorum.voters", voters],
    ["listeners", `${isController ? "CONTROLPLANE-9090://0.0.0.0:9090," : ""}REPLICATION-9091://0.0.0.0:9091,PLAIN-9092://0.0.0.0:9092,TLS-9093://0.0.0.0:9093`],
    ["advertised.listeners", [
      ...(isController ? [`CONTROLPLANE-9090://${dns(pod)}:9090`] : []),
      `REPLICATION-9091://${dns(pod)}:9091`,
      `PLAIN-9092://${dns(pod)}:9092`,
      `TLS-9093://${dns(pod)}:9093`,
    ].join(",")],
    ["listener.security.protocol.map", "CONTROLPLANE-9090:SSL,REPLICATION-9091:SSL,PLAIN-9092:PLAINTEXT,TLS-9093:SSL"],
    ["inter.broker.listener.name", "REPLICATION-9091"],
    ...internalTls("controlplane-9090", pod, isController),
    ...internalTls("replication-9091", pod),
    ...nodeKeystore("tls-9093", pod),
    ...PROVIDERS,
    ["log.dirs", logDirs],
    ["metadata.log.dir", metadataLogDir],
    ...userConfig(replicationFactor, minIsr),
  ];
};

t.test("kafka-persistent.yaml, broker 0: every key written out", async (t) => {
  const model = exampleModel("kafka/kafka-persistent.yaml");
  t.strictSame(brokerProperties(model, nodeOf(model, "my-cluster-broker-0")), [
    ["node.id", "0"],
    ["process.roles", "broker"],
    ["controller.listener.names", "CONTROLPLANE-9090"],
    // A static quorum of the controller pool's nodes, reached through the headless Service.
    ["controller.quorum.voters", "3@my-cluster-controller-3.my-cluster-kafka-brokers.myproject.svc:9090,4@my-cluster-controller-4.my-cluster-kafka-brokers.myproject.svc:9090,5@my-cluster-controller-5.my-cluster-kafka-brokers.myproject.svc:9090"],
    ["listeners", "REPLICATION-9091://0.0.0.0:9091,PLAIN-9092://0.0.0.0:9092,TLS-9093://0.0.0.0:9093"],
    ["advertised.listeners", "REPLICATION-9091://my-cluster-broker-0.my-cluster-kafka-brokers.myproject.svc:9091,PLAIN-9092://my-cluster-broker-0.my-cluster-kafka-brokers.myproject.svc:9092,TLS-9093://my-cluster-broker-0.my-cluster-kafka-brokers.myproject.svc:9093"],
    // The control plane listener is mapped on a broker too: it connects to the controllers with it.
    ["listener.security.protocol.map", "CONTROLPLANE-9090:SSL,REPLICATION-9091:SSL,PLAIN-9092:PLAINTEXT,TLS-9093:SSL"],
    ["inter.broker.listener.name", "REPLICATION-9091"],
    // On a broker-only node these are the client side of its connections to the controllers.
    ["listener.name.controlplane-9090.ssl.keystore.type", "PEM"],
    ["listener.name.controlplane-9090.ssl.keystore.certificate.chain", "${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-0.crt}"],
    ["listener.name.controlplane-9090.ssl.keystore.key", "${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-0.key}"],
    ["listener.name.controlplane-9090.ssl.truststore.type", "PEM"],
    ["listener.name.controlplane-9090.ssl.truststore.certificates", "${strimzidir:/opt/kafka/cluster-ca-certs:ca.crt}"],
    ["listener.name.replication-9091.ssl.keystore.type", "PEM"],
    ["listener.name.replication-9091.ssl.keystore.certificate.chain", "${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-0.crt}"],
    ["listener.name.replication-9091.ssl.keystore.key", "${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-0.key}"],
    ["listener.name.replication-9091.ssl.truststore.type", "PEM"],
    ["listener.name.replication-9091.ssl.truststore.certificates", "${strimzidir:/opt/kafka/cluster-ca-certs:ca.crt}"],
    ["listener.name.replication-9091.ssl.client.auth", "required"],
    // tls: true without authentication: the node's certificate, no client certificate asked for.
    ["listener.name.tls-9093.ssl.keystore.type", "PEM"],
    ["listener.name.tls-9093.ssl.keystore.certificate.chain", "${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-0.crt}"],
    ["listener.name.tls-9093.ssl.keystore.key", "${strimzidir:/opt/kafka/broker-certs:my-cluster-broker-0.key}"],
    ["config.providers", "strimzienv,strimzifile,strimzidir"],
    ["config.providers.strimzienv.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider"],
    ["config.providers.strimzienv.param.allowlist.pattern", ".*"],
    ["config.providers.strimzifile.class", "org.apache.kafka.common.config.provider.FileConfigProvider"],
    ["config.providers.strimzifile.param.allowed.paths", "/opt/kafka"],
    ["config.providers.strimzidir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider"],
    ["config.providers.strimzidir.param.allowed.paths", "/opt/kafka"],
    ["log.dirs", "/var/lib/kafka/data-0/kafka-log0"],
    ["metadata.log.dir", "/var/lib/kafka/data-0/kafka-log0"],
    ["default.replication.factor", "3"],
    ["min.insync.replicas", "2"],
    ["offsets.topic.replication.factor", "3"],
    ["transaction.state.log.min.isr", "2"],
    ["transaction.state.log.replication.factor", "3"],
  ]);
});

t.test("kafka-persistent.yaml, controller 4", async (t) => {
  const model = exampleModel("kafka/kafka-persistent.yaml");
  t.strictSame(brokerProperties(model, nodeOf(model, "my-cluster-controller-4")), controller(4, "/var/lib/kafka/data-0/kafka-log4", "3", "2"));
});

t.test("kafka-ephemeral.yaml, controller 3 and broker 1", async (t) => {
  const model = exampleModel("kafka/kafka-ephemeral.yaml");
  t.strictSame(brokerProperties(model, nodeOf(model, "my-cluster-controller-3")), controller(3, "/var/lib/kafka/data-0/kafka-log3", "3", "2"));
  t.strictSame(brokerProperties(model, nodeOf(model, "my-cluster-broker-1")), plainAndTlsBroker(
    1, "my-cluster-broker-1", VOTERS_3_4_5, "broker",
    "/var/lib/kafka/data-0/kafka-log1", "/var/lib/kafka/data-0/kafka-log1", "3", "2",
  ));
});

t.test("kafka-jbod.yaml: a broker logs to both volumes, its metadata on volume 0", async (t) => {
  const model = exampleModel("kafka/kafka-jbod.yaml");
  t.strictSame(brokerProperties(model, nodeOf(model, "my-cluster-controller-5")), controller(5, "/var/lib/kafka/data-0/kafka-log5", "3", "2"));
  t.strictSame(brokerProperties(model, nodeOf(model, "my-cluster-broker-2")), plainAndTlsBroker(
    2, "my-cluster-broker-2", VOTERS_3_4_5, "broker",
    "/var/lib/kafka/data-0/kafka-log2,/var/lib/kafka/data-1/kafka-log2", "/var/lib/kafka/data-0/kafka-log2", "3", "2",
  ));
});

t.test("kafka-single-node.yaml: one node, both roles, the only voter", async (t) => {
  const model = exampleModel("kafka/kafka-single-node.yaml");
  t.strictSame(brokerProperties(model, nodeOf(model, "my-cluster-dual-role-0")), [
    ["node.id", "0"],
    ["process.roles", "broker,controller"],
    ["controller.listener.names", "CONTROLPLANE-9090"],
    ["controller.quorum.voters", "0@my-cluster-dual-role-0.my-cluster-kafka-brokers.myproject.svc:9090"],
    ["listeners", "CONTROLPLANE-9090://0.0.0.0:9090,REPLICATION-9091://0.0.0.0:9091,PLAIN-9092://0.0.0.0:9092,TLS-9093://0.0.0.0:9093"],
    ["advertised.listeners", "CONTROLPLANE-9090://my-cluster-dual-role-0.my-cluster-kafka-brokers.myproject.svc:9090,REPLICATION-9091://my-cluster-dual-role-0.my-cluster-kafka-brokers.myproject.svc:9091,PLAIN-9092://my-cluster-dual-role-0.my-cluster-kafka-brokers.myproject.svc:9092,TLS-9093://my-cluster-dual-role-0.my-cluster-kafka-brokers.myproject.svc:9093"],
    ["listener.security.protocol.map", "CONTROLPLANE-9090:SSL,REPLICATION-9091:SSL,PLAIN-9092:PLAINTEXT,TLS-9093:SSL"],
    ["inter.broker.listener.name", "REPLICATION-9091"],
    ["listener.name.controlplane-9090.ssl.keystore.type", "PEM"],
    ["listener.name.controlplane-9090.ssl.keystore.certificate.chain", "${strimzidir:/opt/kafka/broker-certs:my-cluster-dual-role-0.crt}"],
    ["listener.name.controlplane-9090.ssl.keystore.key", "${strimzidir:/opt/kafka/broker-certs:my-cluster-dual-role-0.key}"],
    ["listener.name.controlplane-9090.ssl.truststore.type", "PEM"],
    ["listener.name.controlplane-9090.ssl.truststore.certificates", "${strimzidir:/opt/kafka/cluster-ca-certs:ca.crt}"],
    ["listener.name.controlplane-9090.ssl.client.auth", "required"],
    ["listener.name.replication-9091.ssl.keystore.type", "PEM"],
    ["listener.name.replication-9091.ssl.keystore.certificate.chain", "${strimzidir:/opt/kafka/broker-certs:my-cluster-dual-role-0.crt}"],
    ["listener.name.replication-9091.ssl.keystore.key", "${strimzidir:/opt/kafka/broker-certs:my-cluster-dual-role-0.key}"],
    ["listener.name.replication-9091.ssl.truststore.type", "PEM"],
    ["listener.name.replication-9091.ssl.truststore.certificates", "${strimzidir:/opt/kafka/cluster-ca-certs:ca.crt}"],
    ["listener.name.replication-9091.ssl.client.auth", "required"],
    ["listener.name.tls-9093.ssl.keystore.type", "PEM"],
    ["listener.name.tls-9093.ssl.keystore.certificate.chain", "${strimzidir:/opt/kafka/broker-certs:my-cluster-dual-role-0.crt}"],
    ["listener.name.tls-9093.ssl.keystore.key", "${strimzidir:/opt/kafka/broker-certs:my-cluster-dual-role-0.key}"],
    ...PROVIDERS,
    ["log.dirs", "/var/lib/kafka/data-0/kafka-log0"],
    ["metadata.log.dir", "/var/lib/kafka/data-0/kafka-log0"],
    ["default.replication.factor", "1"],
    ["min.insync.replicas", "1"],
    ["offsets.topic.replication.factor", "1"],
    ["transaction.state.log.min.isr", "1"],
    ["transaction.state.log.replication.factor", "1"],
  ]);
});

t.test("kafka-with-dual-role-nodes.yaml: nodes 0 and 2, each a voter and a broker", async (t) => {
  const model = exampleModel("kafka/kafka-with-dual-role-nodes.yaml");
  const voters = [0, 1, 2].map((id) => `${id}@my-cluster-dual-role-${id}.my-cluster-kafka-brokers.myproject.svc:9090`).join(",");
  for (const id of [0, 2]) {
    t.strictSame(brokerProperties(model, nodeOf(model, `my-cluster-dual-role-${id}`)), plainAndTlsBroker(
      id, `my-cluster-dual-role-${id}`, voters, "broker,controller",
      `/var/lib/kafka/data-0/kafka-log${id}`, `/var/lib/kafka/data-0/kafka-log${id}`, "3", "2",
    ), `node ${id}`);
  }
});

const SUPER_USERS = MY_CLUSTER_SUPER_USERS.join(";");

t.test("security/scram-sha-512-auth: SASL_SSL listener and the KRaft authorizer on every node", async (t) => {
  const model = exampleModel("security/scram-sha-512-auth/kafka.yaml");
  const pod = "my-cluster-broker-0";
  t.strictSame(brokerProperties(model, nodeOf(model, pod)), [
    ["node.id", "0"],
    ["process.roles", "broker"],
    ["controller.listener.names", "CONTROLPLANE-9090"],
    ["controller.quorum.voters", VOTERS_3_4_5],
    ["listeners", "REPLICATION-9091://0.0.0.0:9091,TLS-9093://0.0.0.0:9093"],
    ["advertised.listeners", `REPLICATION-9091://${dns(pod)}:9091,TLS-9093://${dns(pod)}:9093`],
    ["listener.security.protocol.map", "CONTROLPLANE-9090:SSL,REPLICATION-9091:SSL,TLS-9093:SASL_SSL"],
    ["inter.broker.listener.name", "REPLICATION-9091"],
    ...internalTls("controlplane-9090", pod, false),
    ...internalTls("replication-9091", pod),
    ...nodeKeystore("tls-9093", pod),
    ["listener.name.tls-9093.sasl.enabled.mechanisms", "SCRAM-SHA-512"],
    ["listener.name.tls-9093.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;"],
    ["authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"],
    // The nodes' own certificates (CN=<cluster>-kafka) and Strimzi's components.
    ["super.users", SUPER_USERS],
    ...PROVIDERS,
    ["log.dirs", "/var/lib/kafka/data-0/kafka-log0"],
    ["metadata.log.dir", "/var/lib/kafka/data-0/kafka-log0"],
    ...userConfig("3", "2"),
  ]);
  const controllerPod = "my-cluster-controller-3";
  t.strictSame(brokerProperties(model, nodeOf(model, controllerPod)), [
    ["node.id", "3"],
    ["process.roles", "controller"],
    ["controller.listener.names", "CONTROLPLANE-9090"],
    ["controller.quorum.voters", VOTERS_3_4_5],
    ["listeners", "CONTROLPLANE-9090://0.0.0.0:9090"],
    ["advertised.listeners", `CONTROLPLANE-9090://${dns(controllerPod)}:9090`],
    ["listener.security.protocol.map", "CONTROLPLANE-9090:SSL"],
    ...internalTls("controlplane-9090", controllerPod),
    ["authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"],
    ["super.users", SUPER_USERS],
    ...PROVIDERS,
    ["log.dirs", "/var/lib/kafka/data-0/kafka-log3"],
    ["metadata.log.dir", "/var/lib/kafka/data-0/kafka-log3"],
    ...userConfig("3", "2"),
  ]);
});

t.test("security/tls-auth: clients must present a certificate from the clients CA", async (t) => {
  const model = exampleModel("security/tls-auth/kafka.yaml", (kafka) => {
    kafka.spec.kafka.authorization = { type: "simple", superUsers: ["CN=admin", "alice"] };
  });
  const pod = "my-cluster-broker-1";
  t.strictSame(brokerProperties(model, nodeOf(model, pod)), [
    ["node.id", "1"],
    ["process.roles", "broker"],
    ["controller.listener.names", "CONTROLPLANE-9090"],
    ["controller.quorum.voters", VOTERS_3_4_5],
    ["listeners", "REPLICATION-9091://0.0.0.0:9091,TLS-9093://0.0.0.0:9093"],
    ["advertised.listeners", `REPLICATION-9091://${dns(pod)}:9091,TLS-9093://${dns(pod)}:9093`],
    ["listener.security.protocol.map", "CONTROLPLANE-9090:SSL,REPLICATION-9091:SSL,TLS-9093:SSL"],
    ["inter.broker.listener.name", "REPLICATION-9091"],
    ...internalTls("controlplane-9090", pod, false),
    ...internalTls("replication-9091", pod),
    ...nodeKeystore("tls-9093", pod),
    ["listener.name.tls-9093.ssl.truststore.type", "PEM"],
    ["listener.name.tls-9093.ssl.truststore.certificates", "${strimzidir:/opt/kafka/client-ca-certs:ca.crt}"],
    ["listener.name.tls-9093.ssl.client.auth", "required"],
    ["authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"],
    ["super.users", `${SUPER_USERS};User:CN=admin;User:alice`],
    ...PROVIDERS,
    ["log.dirs", "/var/lib/kafka/data-0/kafka-log1"],
    ["metadata.log.dir", "/var/lib/kafka/data-0/kafka-log1"],
    ...userConfig("3", "2"),
  ]);
});

t.test("listener variants: protocols, custom authentication, connection limits, cluster domain", async (t) => {
  const model = exampleModel("kafka/kafka-single-node.yaml", (kafka) => {
    kafka.spec.kafka.listeners = [
      { name: "scram", port: 9094, type: "internal", tls: false, authentication: { type: "scram-sha-512" } },
      // No TLS and no authentication: nothing TLS-related is configured.
      { name: "open", port: 9095, type: "internal", tls: false },
      {
        name: "custom", port: 9096, type: "internal", tls: true,
        authentication: {
          type: "custom", sasl: true,
          listenerConfig: { "sasl.enabled.mechanisms": "PLAIN", "connections.max.reauth.ms": 3600000, "max.connections": 5, "ssl.keystore.type": "JKS", "ssl.client.auth": "required", nested: { a: 1 } },
        },
        configuration: { maxConnections: 100, maxConnectionCreationRate: 10, useServiceDnsDomain: true },
      },
    ];
  });
  const pod = "my-cluster-dual-role-0";
  const entries = new Map(brokerProperties(model, nodeOf(model, pod)));
  t.equal(entries.get("listeners"), "CONTROLPLANE-9090://0.0.0.0:9090,REPLICATION-9091://0.0.0.0:9091,SCRAM-9094://0.0.0.0:9094,OPEN-9095://0.0.0.0:9095,CUSTOM-9096://0.0.0.0:9096");
  t.equal(entries.get("advertised.listeners"), [
    `CONTROLPLANE-9090://${dns(pod)}:9090`,
    `REPLICATION-9091://${dns(pod)}:9091`,
    `SCRAM-9094://${dns(pod)}:9094`,
    `OPEN-9095://${dns(pod)}:9095`,
    `CUSTOM-9096://${dns(pod)}.cluster.local:9096`,
  ].join(","));
  t.equal(entries.get("listener.security.protocol.map"), "CONTROLPLANE-9090:SSL,REPLICATION-9091:SSL,SCRAM-9094:SASL_PLAINTEXT,OPEN-9095:PLAINTEXT,CUSTOM-9096:SASL_SSL");
  const userListenerKeys = [...entries].filter(([k]) => /^listener\.name\.(scram|open|custom)-/.test(k));
  t.strictSame(userListenerKeys, [
    ["listener.name.scram-9094.sasl.enabled.mechanisms", "SCRAM-SHA-512"],
    ["listener.name.scram-9094.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;"],
    ...nodeKeystore("custom-9096", pod),
    ["listener.name.custom-9096.max.connections", "100"],
    ["listener.name.custom-9096.max.connection.creation.rate", "10"],
    // Scalars of listenerConfig, sorted, except keys the operator sets and keystore keys (ssl.keystore.*), Strimzi's forbidden ones.
    ["listener.name.custom-9096.connections.max.reauth.ms", "3600000"],
    ["listener.name.custom-9096.sasl.enabled.mechanisms", "PLAIN"],
    ["listener.name.custom-9096.ssl.client.auth", "required"],
  ]);
  t.equal(listenerName({ name: "external", port: 9094 }), "EXTERNAL-9094");
});

t.test("the user's config comes last and never replaces an operator key", async (t) => {
  const model = exampleModel("kafka/kafka-single-node.yaml", (kafka) => {
    kafka.spec.kafka.config = {
      "num.partitions": 6,
      "config.providers": "vault, strimzidir ,env2",
      "config.providers.vault.class": "com.example.VaultConfigProvider",
      // Forbidden: dropped when the model is built.
      "config.providers.strimzidir.param.allowed.paths": "/",
      "listeners": "PLAINTEXT://:9092",
    };
    kafka.spec.kafka.rack = { type: "environment-variable", envVarName: "MY_ZONE" };
  });
  const entries = brokerProperties(model, nodeOf(model, "my-cluster-dual-role-0"));
  const keys = entries.map(([k]) => k);
  t.equal(new Set(keys).size, keys.length, "no key twice");
  const map = new Map(entries);
  t.equal(map.get("config.providers"), "vault,env2,strimzienv,strimzifile,strimzidir");
  t.equal(map.get("config.providers.strimzidir.param.allowed.paths"), "/opt/kafka");
  t.equal(map.get("listeners"), "CONTROLPLANE-9090://0.0.0.0:9090,REPLICATION-9091://0.0.0.0:9091,PLAIN-9092://0.0.0.0:9092,TLS-9093://0.0.0.0:9093");
  // Rack from the pod's environment, through the env config provider.
  t.equal(map.get("broker.rack"), "${strimzienv:MY_ZONE}");
  t.strictSame(entries.slice(-2), [
    ["config.providers.vault.class", "com.example.VaultConfigProvider"],
    ["num.partitions", "6"],
  ]);
});

t.test("per-listener connection settings in spec.kafka.config reach server.properties, as in Strimzi", async (t) => {
  const model = exampleModel("kafka/kafka-single-node.yaml", (kafka) => {
    kafka.spec.kafka.config = { "listener.name.plain-9092.max.connections": 100, "listener.name.tls-9093.connections.max.reauth.ms": 3600000, "listener.name.tls-9093.ssl.client.auth": "none" };
  });
  t.strictSame(model.userConfig, { "listener.name.plain-9092.max.connections": "100", "listener.name.tls-9093.connections.max.reauth.ms": "3600000" });
  const entries = brokerProperties(model, nodeOf(model, "my-cluster-dual-role-0"));
  t.strictSame(entries.slice(-2), [
    ["listener.name.plain-9092.max.connections", "100"],
    ["listener.name.tls-9093.connections.max.reauth.ms", "3600000"],
  ]);
});

t.test("the rendered server.properties is plain key=value lines", async (t) => {
  const model = exampleModel("kafka/kafka-single-node.yaml");
  const text = renderProperties(brokerProperties(model, nodeOf(model, "my-cluster-dual-role-0")));
  t.match(text, /^node\.id=0\nprocess\.roles=broker,controller\n/);
  t.match(text, /\nlistener\.name\.controlplane-9090\.ssl\.keystore\.key=\$\{strimzidir:\/opt\/kafka\/broker-certs:my-cluster-dual-role-0\.key\}\n/);
});
