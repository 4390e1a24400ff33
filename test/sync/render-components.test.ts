// `render --component`: route and tlsroute listeners previewed as on a cluster
// installed with the kustomize component that declares their kind.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import yaml from "js-yaml";
import t from "tap";
import type { Kafka } from "../../lib/api/kafka.js";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { examplesDir, repoRoot } from "../helpers/paths.js";
import { readExample } from "../helpers/requests.js";

const run = promisify(execFile);
const CLI = join(repoRoot, "dist", "cli", "kafka-hooks.js");

function exampleWithListeners(): string {
  const documents = readExample("kafka/kafka-persistent.yaml");
  const kafka = documents.find((d) => d.kind === "Kafka") as Kafka;
  kafka.spec.kafka.listeners = [
    { name: "tls", port: 9093, type: "internal", tls: true },
    { name: "route", port: 9094, type: "route", tls: true },
    { name: "gw", port: 9095, type: "tlsroute", tls: true, configuration: { parentRefs: [{ name: "gateway" }], bootstrap: { host: "kafka.example.com" }, hostTemplate: "broker-{nodeId}.example.com" } },
  ];
  const file = join(mkdtempSync(join(tmpdir(), "render-components-")), "kafka.yaml");
  writeFileSync(file, documents.map((d) => yaml.dump(d)).join("---\n"));
  return file;
}

const render = async (file: string, ...args: string[]) => {
  const { stdout } = await run("node", [CLI, "render", "-f", file, "-n", "myproject", "--now", "2026-11-24T12:00:00Z", "--status", ...args], { maxBuffer: 64 * 1024 * 1024 });
  return yaml.loadAll(stdout) as KubeObject[];
};
const names = (documents: readonly KubeObject[], kind: string) => documents.filter((d) => d.kind === kind).map((d) => d.metadata.name);

t.test("without the components, route and tlsroute listeners are refused as on a default install", async (t) => {
  const documents = await render(exampleWithListeners());
  const status = documents.find((d) => d.kind === "Status") as unknown as { status: { conditions: Array<{ reason: string }> } };
  t.equal(status.status.conditions[0]?.reason, "ListenerApiUnavailable");
  t.same(names(documents, "Route"), []);
});

t.test("with the components, the Routes and TLSRoutes are previewed", async (t) => {
  const documents = await render(exampleWithListeners(), "--component", "openshift-routes", "--component", "gateway-tlsroutes");
  t.same(names(documents, "Route"), ["my-cluster-kafka-route-bootstrap", "my-cluster-broker-route-0", "my-cluster-broker-route-1", "my-cluster-broker-route-2"]);
  t.same(names(documents, "TLSRoute"), ["my-cluster-kafka-gw-bootstrap", "my-cluster-broker-gw-0", "my-cluster-broker-gw-1", "my-cluster-broker-gw-2"]);
  const status = documents.find((d) => d.kind === "Status") as unknown as { status: { conditions: Array<{ reason?: string }> } };
  t.equal(status.status.conditions[0]?.reason, "ListenerAddressesPending", "the Route hosts are not known before OpenShift admits them");
});

t.test("an unknown component is refused with the known ones", async (t) => {
  const failed = await run("node", [CLI, "render", "-f", join(examplesDir, "kafka", "kafka-persistent.yaml"), "--component", "istio"]).catch((e: { code: number; stderr: string }) => e);
  t.match(failed, { code: 2, stderr: "unknown component among istio: one of openshift-routes, gateway-tlsroutes\n" });
});
