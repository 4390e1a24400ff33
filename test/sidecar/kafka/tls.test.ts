// The factory's connection is mutual TLS: the sidecar trusts only the cluster
// CA and presents the operator certificate, as on Strimzi's replication
// listener. Certificates come from lib/pki, as the hooks issue them.
import t, { type Test } from "tap";
import { createCertificateAuthority, type CertificateAuthority } from "../../../lib/pki/certificate-authority.js";
import { issueClientCertificate, issueNodeCertificate, OPERATOR_COMMON_NAME } from "../../../lib/pki/end-entity.js";
import { seededRandom } from "../../../lib/environment.js";
import type { IssuingEnvironment } from "../../../lib/pki/issuing-environment.js";
import { kafkaAvailabilityFactory } from "../../../sidecar/kafka/availability.js";
import type { KafkaAvailability } from "../../../sidecar/kafka-availability.js";
import { FakeKafka } from "../../helpers/fake-kafka.js";
import { fixtureKeyPairSource } from "../../helpers/keys.js";
import { threeBrokers, threeControllers } from "./scenarios.js";

// The handshake checks validity against the real clock, so the certificates start a minute ago.
const env: IssuingEnvironment = { now: () => new Date(Date.now() - 60_000), random: seededRandom("fake-kafka-tls") };
const keys = fixtureKeyPairSource();

interface Pki {
  readonly ca: CertificateAuthority;
  readonly node: { readonly cert: string; readonly key: string };
  readonly operator: { readonly cert: string; readonly key: string };
}

function issuePki(): Pki {
  const ca = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 0, validityDays: 30 }, keys, env);
  const nodeKey = keys();
  const operatorKey = keys();
  return {
    ca,
    node: { cert: issueNodeCertificate(ca, { clusterName: "my-cluster", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], validityDays: 30, privateKeyPem: nodeKey }, env), key: nodeKey },
    operator: { cert: issueClientCertificate(ca, { commonName: OPERATOR_COMMON_NAME, validityDays: 30, privateKeyPem: operatorKey }, env), key: operatorKey },
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition() && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
}

// Same subject (cluster-ca v0) but a different key: another cluster's CA.
const cluster = issuePki();
const stranger = issuePki();

async function tlsStandIn(t: Test, server: Pki["node"]): Promise<FakeKafka> {
  const fake = await FakeKafka.start({ ...threeBrokers([]), quorum: threeControllers().quorum }, {
    tls: { cert: server.cert, key: server.key, ca: cluster.ca.certificatePem },
  });
  t.teardown(() => fake.stop());
  return fake;
}

function connect(t: Test, fake: FakeKafka, operator: Pki["operator"]): KafkaAvailability {
  const kafka = kafkaAvailabilityFactory()({
    namespace: "myproject", name: "my-cluster", bootstrap: fake.bootstrap,
    clusterCaCertPem: cluster.ca.certificatePem, operatorCertPem: operator.cert, operatorKeyPem: operator.key,
  });
  t.teardown(() => kafka.close());
  return kafka;
}

t.test("the operator certificate from the cluster CA gets in, and the checks run over TLS", async (t) => {
  const fake = await tlsStandIn(t, cluster.node);
  const kafka = connect(t, fake, cluster.operator);
  t.same(await kafka.canRestartBroker(0), { ok: true });
  t.same(await kafka.canRestartController(4), { ok: true });
  t.equal(await kafka.activeController(), 3);
  t.same(fake.tlsFailures, []);
});

t.test("a client certificate from another CA is refused by the broker, and the check refuses", async (t) => {
  const fake = await tlsStandIn(t, cluster.node);
  const kafka = connect(t, fake, stranger.operator);
  // With TLS 1.3 the client learns of the refusal only when the broker hangs up on its first request.
  t.match(await kafka.canRestartBroker(0), { ok: false, reason: /^cannot tell whether broker 0 can restart: Metadata to 127\.0\.0\.1:\d+ failed: / });
  t.equal(await kafka.activeController(), undefined);
  await until(() => fake.tlsFailures.length >= 2);
  t.same(fake.tlsFailures, ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"], "the stand-in refused the certificate on both attempts");
  t.same(fake.requests, [], "no request got through");
});

t.test("a broker certificate from another CA is refused by the sidecar", async (t) => {
  const fake = await tlsStandIn(t, stranger.node);
  const kafka = connect(t, fake, cluster.operator);
  t.same(await kafka.canRestartController(3), {
    ok: false,
    // Node.js 26's own wording, hint included (the image's Node.js: what a roll status shows).
    reason: `cannot tell whether controller 3 can restart: Cannot connect to any broker: Connection to ${fake.bootstrap} failed: unable to verify the first certificate; if the root CA is installed locally, try running Node.js with --use-system-ca`,
  });
  t.same(fake.requests, []);
});
