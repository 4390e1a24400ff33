// A thread of the crypto workers (crypto-workers.ts): generates RSA keys and
// issues certificates from their tasks (lib/pki/x509.ts certificateOf), the CPU
// work of a new cluster, away from the event loop that answers every hook.
import { generateKeyPairSync } from "node:crypto";
import { parentPort } from "node:worker_threads";
import type { CertificateTask } from "../lib/pki/certificate-task.js";
import { lowestPriorityForThisThread, RSA_KEY_OPTIONS } from "../lib/pki/keys.js";
import { certificateOf } from "../lib/pki/x509.js";

export type CryptoJob = { op: "rsa-key" } | { op: "certificates"; tasks: readonly CertificateTask[] };
export type CryptoRequest = { id: number; job: CryptoJob };
export type CryptoReply = { id: number; result: string | string[] } | { id: number; error: string };

lowestPriorityForThisThread();

function run(job: CryptoJob): string | string[] {
  switch (job.op) {
    case "rsa-key": return generateKeyPairSync("rsa", RSA_KEY_OPTIONS).privateKey;
    case "certificates": return job.tasks.map(certificateOf);
  }
}

parentPort?.on("message", ({ id, job }: CryptoRequest) => {
  let reply: CryptoReply;
  try {
    reply = { id, result: run(job) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
