// `render --cruise-control-extras-image`: a preview shows Cruise Control as the
// install's gate would act on it (lib/operands/cruise-control/gate.ts), from
// the flag or from the environment variable the hooks Deployment carries.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import yaml from "js-yaml";
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { CRUISE_CONTROL_EXTRAS_IMAGE_ENV } from "../../lib/operands/cruise-control/gate.js";
import { examplesDir, repoRoot } from "../helpers/paths.js";

const run = promisify(execFile);
const CLI = join(repoRoot, "dist", "cli", "kafka-hooks.js");
const EXAMPLE = join(examplesDir, "cruise-control", "kafka-cruise-control.yaml");
const IMAGE = "registry.example.com/kafka-extras-cruise-control:1";

const render = async (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<KubeObject[]> => {
  const { stdout } = await run("node", [CLI, "render", "-f", EXAMPLE, "-n", "myproject", "--now", "2026-11-24T12:00:00Z", "--status", ...args], {
    maxBuffer: 64 * 1024 * 1024,
    env: { PATH: process.env["PATH"] ?? "", ...env },
  });
  return yaml.loadAll(stdout) as KubeObject[];
};
const deployments = (documents: readonly KubeObject[]): string[] => documents.filter((d) => d.kind === "Deployment").map((d) => d.metadata.name).sort();
/** The images of the Cruise Control Deployment's init containers (the jars come from the extras image). */
const cruiseControlInitImages = (documents: readonly KubeObject[]): string[] => {
  const deployment = documents.find((d) => d.kind === "Deployment" && d.metadata.name === "my-cluster-cruise-control") as unknown as { spec: { template: { spec: { initContainers?: Array<{ image: string }> } } } };
  return (deployment.spec.template.spec.initContainers ?? []).map((c) => c.image);
};
const warnings = (documents: readonly KubeObject[]): string[] => {
  const status = documents.find((d) => d.kind === "Status") as unknown as { status: { conditions: Array<{ type: string; reason?: string }> } };
  return status.status.conditions.filter((c) => c.type === "Warning").map((c) => c.reason ?? "");
};

t.test("without the gate, the preview has no Cruise Control and warns that spec.cruiseControl is ignored", async (t) => {
  const documents = await render([]);
  t.notOk(deployments(documents).includes("my-cluster-cruise-control"), "no Cruise Control Deployment");
  t.ok(warnings(documents).includes("IgnoredField"), "an IgnoredField warning");
});

t.test("the flag, or the hooks' environment variable, opens the gate: the Cruise Control Deployment is previewed", async (t) => {
  for (const documents of [await render(["--cruise-control-extras-image", IMAGE]), await render([], { [CRUISE_CONTROL_EXTRAS_IMAGE_ENV]: IMAGE })]) {
    t.strictSame(cruiseControlInitImages(documents), [IMAGE], "Cruise Control's jars come from the gate's image");
    t.notOk(warnings(documents).includes("IgnoredField"), "no IgnoredField warning");
  }
});
