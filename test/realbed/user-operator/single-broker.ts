// One combined-role Kafka node from the cached apache/kafka layout, secured as a
// Strimzi cluster with `simple` authorization: StandardAuthorizer, a TLS
// listener requiring client certificates of the clients CA, a SCRAM-SHA-512
// listener, and a plain listener for the controller and replication whose
// anonymous principal is a super user (nothing here connects to it but the node).
import { Admin } from "@platformatic/kafka";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCertificateAuthority } from "../../../lib/pki/certificate-authority.js";
import { issueNodeCertificate, issueUserCertificate } from "../../../lib/pki/end-entity.js";
import { systemKeyPairSource } from "../../../lib/pki/keys.js";
import type { CertificateAuthority } from "../../../lib/pki/x509.js";
import { systemEnvironment } from "../../../lib/environment.js";
import { eventually, freePort } from "../k8s/cluster.js";
import { startProcessGroup } from "../process-group.js";
import { kafkaImage } from "../real-world.js";

export interface SingleBroker {
  readonly tlsBootstrap: string;
  readonly scramBootstrap: string;
  readonly clusterCa: CertificateAuthority;
  readonly clientsCa: CertificateAuthority;
  /** The operator's identity, `CN=user-operator` of the clients CA: a super user. */
  readonly operator: { certPem: string; keyPem: string };
  readonly home: string;
  stop(): Promise<void>;
}

export async function startSingleBroker(): Promise<SingleBroker> {
  const home = kafkaImage();
  const dir = mkdtempSync(join(tmpdir(), "uo-broker-"));
  const [controller, plain, tls, scram] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env = systemEnvironment;
  const clusterCa = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 0, validityDays: 30 }, systemKeyPairSource, env);
  const clientsCa = createCertificateAuthority({ kind: "clients-ca", keyGeneration: 0, validityDays: 30 }, systemKeyPairSource, env);
  const nodeKey = systemKeyPairSource();
  const nodeCert = issueNodeCertificate(clusterCa, { clusterName: "uo", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], validityDays: 30, privateKeyPem: nodeKey }, env);
  const operatorKey = systemKeyPairSource();
  const operatorCert = issueUserCertificate(clientsCa, { userName: "user-operator", validityDays: 30, privateKeyPem: operatorKey }, env);
  writeFileSync(join(dir, "node.pem"), `${nodeKey}${nodeCert}`);
  writeFileSync(join(dir, "clients-ca.pem"), clientsCa.certificatePem);
  writeFileSync(join(dir, "server.properties"), [
    "process.roles=broker,controller",
    "node.id=0",
    `controller.quorum.bootstrap.servers=127.0.0.1:${controller}`,
    `listeners=CONTROLLER://127.0.0.1:${controller},REPLICATION://127.0.0.1:${plain},TLS://127.0.0.1:${tls},SCRAM://127.0.0.1:${scram}`,
    `advertised.listeners=REPLICATION://127.0.0.1:${plain},TLS://127.0.0.1:${tls},SCRAM://127.0.0.1:${scram}`,
    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,REPLICATION:PLAINTEXT,TLS:SSL,SCRAM:SASL_PLAINTEXT",
    "controller.listener.names=CONTROLLER",
    "inter.broker.listener.name=REPLICATION",
    `log.dirs=${join(dir, "data")}`,
    "offsets.topic.replication.factor=1",
    "transaction.state.log.replication.factor=1",
    "transaction.state.log.min.isr=1",
    "group.initial.rebalance.delay.ms=0",
    "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
    "super.users=User:ANONYMOUS;User:CN=user-operator",
    "listener.name.tls.ssl.client.auth=required",
    "listener.name.tls.ssl.keystore.type=PEM",
    `listener.name.tls.ssl.keystore.location=${join(dir, "node.pem")}`,
    "listener.name.tls.ssl.truststore.type=PEM",
    `listener.name.tls.ssl.truststore.location=${join(dir, "clients-ca.pem")}`,
    "listener.name.scram.sasl.enabled.mechanisms=SCRAM-SHA-512",
    "listener.name.scram.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
    "",
  ].join("\n"));
  const bin = join(home, "opt", "kafka", "bin");
  const jvm = { ...process.env, KAFKA_HEAP_OPTS: "-Xmx384m -Xms384m", LOG_DIR: join(dir, "logs") };
  execFileSync(join(bin, "kafka-storage.sh"), ["format", "--standalone", "-t", "uo-real-bed-cluster-0", "-c", join(dir, "server.properties")], { env: jvm, stdio: "ignore" });
  const node = startProcessGroup(join(bin, "kafka-server-start.sh"), [join(dir, "server.properties")], jvm);
  const broker: SingleBroker = {
    tlsBootstrap: `127.0.0.1:${tls}`,
    scramBootstrap: `127.0.0.1:${scram}`,
    clusterCa,
    clientsCa,
    operator: { certPem: operatorCert, keyPem: operatorKey },
    home,
    stop: () => node.stop(),
  };
  await eventually("the broker to answer on its TLS listener", async () => {
    const admin = new Admin({ clientId: "probe", bootstrapBrokers: [broker.tlsBootstrap], tls: { ca: clusterCa.certificatePem, cert: operatorCert, key: operatorKey }, connectTimeout: 2000, retries: 0 });
    try {
      await admin.listTopics();
      return true;
    } finally {
      await admin.close().catch(() => undefined);
    }
  }, 90_000);
  return broker;
}
