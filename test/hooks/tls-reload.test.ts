// The hooks take a renewed serving certificate from the mounted files without a
// restart, and keep the one they serve when the files do not fit together.
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type Server as TlsServer } from "node:tls";
import t from "tap";
import { buildServer } from "../../hooks/server.js";
import { readTlsFiles, TlsReloader } from "../../hooks/tls-files.js";
import type { Secret } from "../../lib/api/kubernetes.js";
import { secretText } from "../../lib/certificates/observed-secrets.js";
import { hooksTlsSecrets } from "../../lib/hooks-tls.js";
import { fixedKeyPairSource } from "../../lib/pki/keys.js";
import { seededRandom } from "../../lib/environment.js";
import { fixtureKeys } from "../helpers/keys.js";
import { testEnvironment } from "../helpers/requests.js";

const SERVICE = { name: "kafka-hooks", namespace: "kafka-hooks" };
const HOST = "kafka-hooks.kafka-hooks.svc";
// Issued a little before now: the handshakes check validity against the real clock.
const now = Date.now();
const issue = (at: number, observed: { ca?: Secret; tls?: Secret }, keys: readonly string[]) =>
  hooksTlsSecrets(observed, SERVICE, { now: () => new Date(at), random: seededRandom("reload") }, fixedKeyPairSource(keys));
const first = issue(now - 2000, {}, fixtureKeys);
// What the sidecar issues when the first one is due: same CA, new key, dated a second later (and still before now, so valid).
const second = issue(now - 1000, { ca: first.ca }, fixtureKeys.slice(2));
const caPem = secretText(first.ca, "ca.crt") ?? "";

function peerFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, servername: HOST, ca: caPem }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fingerprint);
    });
    socket.on("error", reject);
  });
}

const fingerprintOf = (secret: Secret): string => new X509Certificate(secretText(secret, "tls.crt") ?? "").fingerprint256;

t.test("a renewed certificate in the files is served from the next check on; a mismatched pair is not", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "hooks-tls-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const files = { cert: join(dir, "tls.crt"), key: join(dir, "tls.key") };
  t.equal(readTlsFiles(files), undefined, "no files yet: nothing to serve");
  const write = (secret: Secret, keyFrom: Secret = secret) => {
    writeFileSync(files.cert, secretText(secret, "tls.crt") ?? "");
    writeFileSync(files.key, secretText(keyFrom, "tls.key") ?? "");
  };
  write(first.tls);
  const tls = readTlsFiles(files);
  if (!tls) throw new Error("unreadable");
  const app = buildServer({ env: { ...testEnvironment(), now: () => new Date() }, logLevel: "silent", tls });
  await app.listen({ port: 0, host: "127.0.0.1" });
  t.teardown(() => app.close());
  const { port } = app.server.address() as AddressInfo;
  const reloader = new TlsReloader(files, app.server as unknown as TlsServer, tls);

  t.equal(await peerFingerprint(port), fingerprintOf(first.tls));
  t.equal(reloader.check(), "unchanged");

  write(second.tls, first.tls);
  t.equal(reloader.check(), "unusable", "the new certificate with the old key: half a swap");
  t.equal(await peerFingerprint(port), fingerprintOf(first.tls), "still the old one");

  write(second.tls);
  t.equal(reloader.check(), "reloaded");
  t.equal(await peerFingerprint(port), fingerprintOf(second.tls), "the new one, same process, same port");
  t.equal(reloader.check(), "unchanged");

  rmSync(files.key);
  t.equal(reloader.check(), "unusable", "a file gone");
  t.equal(await peerFingerprint(port), fingerprintOf(second.tls));
});
