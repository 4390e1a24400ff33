// The hooks over TLS, as Metacontroller calls them with `protocol: https`, a
// `caBundle` and, for mutual TLS, `clientTLS`: real handshakes.
import { request } from "node:https";
import type { AddressInfo } from "node:net";
import t from "tap";
import { buildServer } from "../../hooks/server.js";
import { createCertificateAuthority } from "../../lib/pki/certificate-authority.js";
import { issueClientCertificate, issueNodeCertificate, OPERATOR_COMMON_NAME } from "../../lib/pki/end-entity.js";
import { fixedKeyPairSource } from "../../lib/pki/keys.js";
import { fixtureKeys } from "../helpers/keys.js";
import { testEnvironment } from "../helpers/requests.js";

// Issued now: the handshakes below check validity against the real clock.
const env = { ...testEnvironment(), now: () => new Date() };
const keys = fixedKeyPairSource(fixtureKeys);
const ca = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 0, validityDays: 30 }, keys, env);
const serverKey = keys();
const serverCert = issueNodeCertificate(ca, { clusterName: "hooks", dnsNames: ["kafka-hooks.kafka-hooks.svc"], ipAddresses: ["127.0.0.1"], validityDays: 30, privateKeyPem: serverKey }, env);
const clientKey = keys();
const clientCert = issueClientCertificate(ca, { commonName: OPERATOR_COMMON_NAME, validityDays: 30, privateKeyPem: clientKey }, env);


function get(port: number, options: { ca?: string; cert?: string; key?: string }): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/healthz", method: "GET", ...options }, (res) => {
      res.resume();
      res.on("end", () => resolve(`HTTP ${res.statusCode}`));
    });
    req.on("error", (e) => resolve(`refused: ${e.message}`));
    req.end();
  });
}

async function listening(tls: Parameters<typeof buildServer>[0]["tls"]): Promise<{ port: number; close: () => Promise<void> }> {
  const app = buildServer({ env, logLevel: "silent", ...(tls ? { tls } : {}) });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}

t.test("HTTPS: a caller trusting the CA connects; one that does not is refused", async (t) => {
  const server = await listening({ cert: serverCert, key: serverKey });
  t.teardown(server.close);
  t.equal(await get(server.port, { ca: ca.certificatePem }), "HTTP 200");
  t.match(await get(server.port, {}), /^refused: .*(self-signed|unable to verify|certificate)/);
});

t.test("mutual TLS: only a caller with a certificate from the client CA gets an answer", async (t) => {
  const server = await listening({ cert: serverCert, key: serverKey, clientCa: ca.certificatePem });
  t.teardown(server.close);
  t.equal(await get(server.port, { ca: ca.certificatePem, cert: clientCert, key: clientKey }), "HTTP 200");
  t.match(await get(server.port, { ca: ca.certificatePem }), /^refused: /);
});
