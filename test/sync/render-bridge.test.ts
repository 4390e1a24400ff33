// `render` and `request` on a file with a KafkaBridge: its children previewed,
// the Secrets it names read from the file or from --observed, key material redacted.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import yaml from "js-yaml";
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { REDACTED } from "../../lib/sync/preview.js";
import { clusterSecretsFor } from "../helpers/bridge-requests.js";
import { examplesDir, fixturesDir, repoRoot } from "../helpers/paths.js";

const run = promisify(execFile);
const CLI = join(repoRoot, "dist", "cli", "kafka-hooks.js");
const TLS_BRIDGE = join(examplesDir, "security", "tls-auth", "bridge.yaml");
const cli = async (...args: string[]) => (await run("node", [CLI, ...args, "-n", "myproject", "--now", "2026-11-24T12:00:00Z"], { maxBuffer: 64 * 1024 * 1024 })).stdout;

type Status = { kind: "Status"; status: { conditions: Array<{ type: string; reason?: string; message?: string }>; url?: string } };
const statusOf = (documents: readonly unknown[]) => documents.find((d) => (d as Status).kind === "Status") as Status;

t.test("without the Secrets it names, the preview says which are missing and shows no child", async (t) => {
  const documents = yaml.loadAll(await cli("render", "-f", TLS_BRIDGE, "--status"));
  // The file's KafkaUser is previewed (its Secret and a KafkaUserPreview); of the bridge, only its status.
  t.same(documents.map((d) => (d as { kind: string }).kind), ["Status", "Secret", "KafkaUserPreview"]);
  t.match(statusOf(documents).status.conditions[0]?.message, /spec\.tls\.trustedCertificates\[0\]\.secretName: Secret my-cluster-cluster-ca-cert does not exist/);
});

t.test("with the cluster's Secrets observed: every child, Secret data redacted, the status with its url", async (t) => {
  const observed = join(mkdtempSync(join(tmpdir(), "render-bridge-")), "secrets.yaml");
  writeFileSync(observed, clusterSecretsFor("security/tls-auth/bridge.yaml").map((s) => yaml.dump(s)).join("---\n"));
  const documents = yaml.loadAll(await cli("render", "-f", TLS_BRIDGE, "--observed", observed, "--status")) as KubeObject[];
  t.same(documents.map((d) => `${d.kind}/${d.metadata?.name ?? ""}`), [
    "ServiceAccount/my-bridge-bridge", "Service/my-bridge-bridge-service", "Secret/my-bridge-bridge-tls-trusted-certs",
    "ConfigMap/my-bridge-bridge-config", "PodDisruptionBudget/my-bridge-bridge", "Deployment/my-bridge-bridge", "Status/",
    // The file's KafkaUser, previewed after the bridge.
    "Secret/my-bridge", "KafkaUserPreview/",
  ]);
  t.same((documents[2] as KubeObject & { data: Record<string, string> }).data, { "ca.crt": REDACTED });
  t.equal(statusOf(documents).status.url, "http://my-bridge-bridge-service.myproject.svc:8080");
  t.equal(statusOf(documents).status.conditions[0]?.reason, "PodsNotReady");
});

t.test("request prints the Bridge's first sync request, as the curl fixture holds it", async (t) => {
  const request = JSON.parse(await cli("request", "-f", join(examplesDir, "bridge", "kafka-bridge.yaml"))) as unknown;
  t.same(request, JSON.parse(readFileSync(join(fixturesDir, "bridge-kafka-bridge.sync.json"), "utf8")));
});
