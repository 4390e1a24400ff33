import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { once } from "node:events";
import { getPriority } from "node:os";
import { Worker } from "node:worker_threads";
import t from "tap";
import { fixedKeyPairSource, rsaPublicKeyPem, systemKeyPairSource } from "../../lib/pki/keys.js";
import { fixtureKeys } from "../helpers/keys.js";
import { needsOpenssl, openssl, withFiles } from "./tools.js";

t.test("a fixed source hands out its keys in order, once each", async (t) => {
  const keys = fixedKeyPairSource(["first", "second"]);
  t.equal(keys(), "first");
  t.equal(keys(), "second");
  t.throws(() => keys(), { message: "the fixed key source has handed out all 2 of its keys" });
});

t.test("the fixture keys are six distinct 2048-bit RSA keys in PKCS#8", async (t) => {
  t.equal(new Set(fixtureKeys).size, 6);
  for (const pem of fixtureKeys) {
    t.match(pem, /^-----BEGIN PRIVATE KEY-----\n/);
    const key = createPrivateKey(pem);
    t.equal(key.asymmetricKeyType, "rsa");
    t.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
  }
});

t.test("the system source makes a new 2048-bit RSA key in PKCS#8 PEM each time", async (t) => {
  const first = systemKeyPairSource();
  const second = systemKeyPairSource();
  t.not(first, second);
  t.match(first, /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
  t.equal(createPrivateKey(first).asymmetricKeyDetails?.modulusLength, 2048);
});

t.test("OpenSSL accepts the system source's keys as PKCS#8 RSA keys", needsOpenssl, async (t) => {
  withFiles({ "key.pem": systemKeyPairSource() }, (dir) => {
    const result = openssl(dir, "pkey", "-in", "key.pem", "-noout", "-text");
    t.equal(result.status, 0, result.stderr);
    t.match(result.stdout, /Private-Key: \(2048 bit, 2 primes\)/);
  });
});

t.test("the public half of an RSA key, as SubjectPublicKeyInfo PEM", async (t) => {
  const privateKey = fixtureKeys[0] ?? "";
  const pem = rsaPublicKeyPem(privateKey);
  t.match(pem, /^-----BEGIN PUBLIC KEY-----\n/);
  t.equal(pem, createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString());
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  t.throws(() => rsaPublicKeyPem(ec.privateKey), { message: "expected an RSA private key, got ec" });
});

t.test("a thread that makes keys takes the lowest priority for itself alone, not for the process", async (t) => {
  const keys = new URL("../../lib/pki/keys.js", import.meta.url).href;
  const mainThread = getPriority();
  const worker = new Worker(`import("${keys}").then(({ lowestPriorityForThisThread }) => {
    const { getPriority } = require("node:os");
    lowestPriorityForThisThread();
    require("node:worker_threads").parentPort.postMessage(getPriority());
  });`, { eval: true });
  const [threadPriority] = (await once(worker, "message")) as [number];
  await worker.terminate();
  t.equal(threadPriority, 19, "the thread");
  t.equal(getPriority(), mainThread, "the process's main thread keeps its own");
});
