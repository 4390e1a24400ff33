// Certificate issuance: one node certificate by the hooks' code and by openssl
// doing the same work as separate processes, and the certificate work of a new
// cluster's first sync at 3, 30 and 100 nodes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCertificateAuthority } from "../lib/pki/certificate-authority.js";
import { issueNodeCertificate } from "../lib/pki/end-entity.js";
import { systemKeyPairSource } from "../lib/pki/keys.js";
import { syncKafka } from "../lib/sync/kafka-sync.js";
import { systemEnvironment, type Environment } from "../lib/environment.js";
import { firstSyncRequest } from "./first-sync.js";
import { ms, time, type Timing } from "./measure.js";

const DNS_NAMES = [
  "my-cluster-broker-0.my-cluster-kafka-brokers.myproject.svc",
  "my-cluster-broker-0.my-cluster-kafka-brokers.myproject.svc.cluster.local",
  "my-cluster-kafka-bootstrap.myproject.svc",
];

function openssl(args: readonly string[], cwd: string): void {
  const result = spawnSync("openssl", args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${result.stderr}`);
}

/** Key generation and signing of one node certificate, as separate openssl processes. */
function opensslNodeCertificate(runs: number): Timing | undefined {
  if (spawnSync("openssl", ["version"]).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "kafka-hooks-bench-"));
  try {
    openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/O=io.strimzi/CN=cluster-ca v0", "-days", "365"], dir);
    writeFileSync(join(dir, "ext.cnf"), `subjectAltName=${DNS_NAMES.map((n) => `DNS:${n}`).join(",")}\nextendedKeyUsage=serverAuth,clientAuth\n`);
    return time(() => {
      openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "node.key"], dir);
      openssl(["req", "-new", "-key", "node.key", "-subj", "/O=io.strimzi/CN=my-cluster-kafka", "-out", "node.csr"], dir);
      openssl(["x509", "-req", "-in", "node.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "365", "-sha512", "-extfile", "ext.cnf", "-out", "node.crt"], dir);
    }, runs, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function firstSync(nodes: number, env: Environment): void {
  syncKafka(firstSyncRequest(nodes), env);
}

export function certificateBenchmarks(): string[] {
  const ca = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 0, validityDays: 365 }, systemKeyPairSource, systemEnvironment);
  const key = systemKeyPairSource();
  const issue = (privateKeyPem: string) =>
    issueNodeCertificate(ca, { clusterName: "my-cluster", dnsNames: DNS_NAMES, ipAddresses: [], validityDays: 365, privateKeyPem }, systemEnvironment);
  const rows: Array<[string, Timing | undefined]> = [
    ["node certificate: key generation + signing (kafka-hooks)", time(() => issue(systemKeyPairSource()), 30)],
    ["node certificate: signing only, key given (kafka-hooks)", time(() => issue(key), 200)],
    ["node certificate: genpkey + req + x509 (openssl processes)", opensslNodeCertificate(15)],
  ];
  const unlimited = { ...systemEnvironment, newKeysPerSync: Number.POSITIVE_INFINITY };
  for (const nodes of [3, 30, 100]) {
    rows.push([`first sync, ${nodes} nodes, every certificate at once`, time(() => firstSync(nodes, unlimited), nodes >= 100 ? 3 : 5, 1)]);
    rows.push([`first sync, ${nodes} nodes, inline, budget of ${systemEnvironment.newKeysPerSync} keys`, time(() => firstSync(nodes, systemEnvironment), 5, 1)]);
  }
  return [
    "| measurement | median ms | p99 ms | runs |",
    "|---|---:|---:|---:|",
    ...rows.map(([name, t]) => (t ? `| ${name} | ${ms(t.median)} | ${ms(t.p99)} | ${t.runs} |` : `| ${name} | (openssl not found) | | |`)),
  ];
}
