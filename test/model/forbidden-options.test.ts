import t from "tap";
import { isForbiddenOption, splitUserConfig } from "../../lib/model/forbidden-options.js";

t.test("Strimzi's forbidden prefixes are dropped, its exceptions kept, values stringified", async (t) => {
  const split = splitUserConfig({
    "transaction.state.log.min.isr": 2,
    "auto.create.topics.enable": false,
    "log.cleaner.min.cleanable.ratio": 0.5,
    "compression.type": "zstd",
    "log.retention.bytes": 1073741824,
    "log.retention.hours": 168,
    // exceptions to the prefixes below: the user's to set
    "ssl.cipher.suites": "TLS_AES_256_GCM_SHA384",
    "ssl.enabled.protocols": "TLSv1.3",
    "sasl.server.max.receive.size": 524288,
    "controller.quorum.election.timeout.ms": 1000,
    "controller.quorum.fetch.timeout.ms": 2000,
    "cruise.control.metrics.topic.num.partitions": 1,
    "cruise.control.metrics.topic.min.insync.replicas": 1,
    "zookeeper.connection.timeout.ms": 6000,
    // user config providers are allowed; the operator's own aliases are not
    "config.providers": "vault",
    "config.providers.vault.class": "com.example.VaultConfigProvider",
    "config.providers.strimzidir.param.allowed.paths": "/",
    // forbidden
    "listeners": "PLAINTEXT://:9092",
    "advertised.listeners": "PLAINTEXT://x:9092",
    "broker.id": 1,
    "broker.rack": "zone-a",
    "Listener.Name.tls-9093.ssl.keystore.location": "/x",
    "host.name": "x",
    "port": 9092,
    "portal.url": "https://example.com",
    "inter.broker.listener.name": "X",
    "sasl.enabled.mechanisms": "PLAIN",
    "ssl.keystore.location": "/x",
    "SSL.cipher.suites": "TLS_AES_128_GCM_SHA256",
    "security.inter.broker.protocol": "SSL",
    "password.encoder.secret": "s",
    "log.dir": "/x",
    "log.dirs": "/x,/y",
    "zookeeper.connect": "zk:2181",
    "zookeeper.clientCnxnSocket": "x",
    "zookeeper.metadata.migration.enable": true,
    "authorizer.class.name": "x",
    "super.users": "User:admin",
    "cruise.control.metrics.topic": "x",
    "cruise.control.metrics.reporter.bootstrap.servers": "x:9091",
    "node.id": 5,
    "process.roles": "broker",
    "controller.quorum.voters": "1@x:9090",
    "controller.listener.names": "X",
    "metadata.log.dir": "/x",
  });
  t.strictSame(split.accepted, {
    "auto.create.topics.enable": "false",
    "compression.type": "zstd",
    "config.providers": "vault",
    "config.providers.vault.class": "com.example.VaultConfigProvider",
    "controller.quorum.election.timeout.ms": "1000",
    "controller.quorum.fetch.timeout.ms": "2000",
    "cruise.control.metrics.topic.min.insync.replicas": "1",
    "cruise.control.metrics.topic.num.partitions": "1",
    "log.cleaner.min.cleanable.ratio": "0.5",
    "log.retention.bytes": "1073741824",
    "log.retention.hours": "168",
    "sasl.server.max.receive.size": "524288",
    "ssl.cipher.suites": "TLS_AES_256_GCM_SHA384",
    "ssl.enabled.protocols": "TLSv1.3",
    "transaction.state.log.min.isr": "2",
    "zookeeper.connection.timeout.ms": "6000",
  });
  t.strictSame(Object.keys(split.accepted), Object.keys(split.accepted).sort(), "accepted keys are sorted");
  t.strictSame(split.forbidden, [
    "Listener.Name.tls-9093.ssl.keystore.location",
    "SSL.cipher.suites",
    "advertised.listeners",
    "authorizer.class.name",
    "broker.id",
    "broker.rack",
    "config.providers.strimzidir.param.allowed.paths",
    "controller.listener.names",
    "controller.quorum.voters",
    "cruise.control.metrics.reporter.bootstrap.servers",
    "cruise.control.metrics.topic",
    "host.name",
    "inter.broker.listener.name",
    "listeners",
    "log.dir",
    "log.dirs",
    "metadata.log.dir",
    "node.id",
    "password.encoder.secret",
    "port",
    "portal.url",
    "process.roles",
    "sasl.enabled.mechanisms",
    "security.inter.broker.protocol",
    "ssl.keystore.location",
    "super.users",
    "zookeeper.clientCnxnSocket",
    "zookeeper.connect",
    "zookeeper.metadata.migration.enable",
  ]);
});

t.test("Strimzi 1.2's KRaft timing exceptions are the user's; its quota callback, metrics reporter and cordoned prefixes are not", async (t) => {
  t.strictSame(splitUserConfig({
    "broker.session.timeout.ms": 18000,
    "broker.heartbeat.interval.ms": 2000,
    "controller.socket.timeout.ms": 30000,
    "broker.session.timeout.msx": 1,
    "client.quota.callback.static.produce": 1000,
    "client.quota.callback.static.kafka.admin.bootstrap.servers": "x:9091",
    "client.quota.callback.static.storage.per.volume.limit.min.available.bytes": 1,
    "client.quota.callback.static.excluded.principal.name.list": "User:a",
    "client.quota.callback.class": "com.example.Quotas",
    "prometheus.metrics.reporter.listener": "http://:9404",
    "cordoned.log.dirs": "/x",
  }), {
    accepted: {
      "broker.heartbeat.interval.ms": "2000",
      "broker.session.timeout.ms": "18000",
      "client.quota.callback.class": "com.example.Quotas",
      "controller.socket.timeout.ms": "30000",
    },
    forbidden: [
      "broker.session.timeout.msx",
      "client.quota.callback.static.excluded.principal.name.list",
      "client.quota.callback.static.kafka.admin.bootstrap.servers",
      "client.quota.callback.static.produce",
      "client.quota.callback.static.storage.per.volume.limit.min.available.bytes",
      "cordoned.log.dirs",
      "prometheus.metrics.reporter.listener",
    ],
  });
});

t.test("per-listener connection settings are allowed for the cluster's listeners only (KafkaConfiguration.modifyWithListeners)", async (t) => {
  const listeners = [{ name: "plain", port: 9092 }, { name: "tls", port: 9093 }];
  t.strictSame(splitUserConfig({
    "listener.name.plain-9092.max.connections": 100,
    "listener.name.plain-9092.max.connection.creation.rate": 10,
    "listener.name.tls-9093.connections.max.reauth.ms": 3600000,
    // Other settings, other listeners and other spellings stay the operator's.
    "listener.name.tls-9093.ssl.client.auth": "none",
    "listener.name.plain-9093.max.connections": 100,
    "listener.name.PLAIN-9092.max.connections": 100,
    "listener.name.replication-9091.max.connections": 100,
  }, listeners), {
    accepted: {
      "listener.name.plain-9092.max.connection.creation.rate": "10",
      "listener.name.plain-9092.max.connections": "100",
      "listener.name.tls-9093.connections.max.reauth.ms": "3600000",
    },
    forbidden: [
      "listener.name.PLAIN-9092.max.connections",
      "listener.name.plain-9093.max.connections",
      "listener.name.replication-9091.max.connections",
      "listener.name.tls-9093.ssl.client.auth",
    ],
  });
});

t.test("no config is an empty config", async (t) => {
  t.strictSame(splitUserConfig(undefined), { accepted: {}, forbidden: [] });
  t.strictSame(splitUserConfig({}), { accepted: {}, forbidden: [] });
});

t.test("prefixes match whatever the case; exceptions only as written", async (t) => {
  t.equal(isForbiddenOption("LISTENERS"), true);
  t.equal(isForbiddenOption("ssl.protocol"), false);
  t.equal(isForbiddenOption("Ssl.protocol"), true);
  t.equal(isForbiddenOption("num.network.threads"), false);
});
