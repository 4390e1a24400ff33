// manifests/kustomization.yaml installs everything: each resource it names
// exists here (no network needed), and every manifest is installed by it. Where
// kustomize (or kubectl, which embeds it) is on the PATH, its build must succeed
// and give exactly those objects; Debian 12 ships no kustomize and a kubectl too
// old to build this, so on a fresh machine that part is skipped.
import { join, relative } from "node:path";
import yaml from "js-yaml";
import t from "tap";
import { repoRoot } from "../helpers/paths.js";
import { build } from "./build.js";
import { kustomizeCommand, run } from "./kustomize.js";
import { isKustomization, manifestFiles, readDocuments, type KubeDocument } from "./documents.js";

interface Kustomization {
  images?: Array<{ name: string }>;
}

const manifestsDir = join(repoRoot, "manifests");
const built = build(manifestsDir);
/** Options a user adds to the install (README); metacontroller/components/ are the Kafka controller's. */
const OPTIONAL_COMPONENTS = ["sidecar-watch-namespaces"];
const identity = (o: KubeDocument): string => `${o.kind} ${o.metadata?.namespace ?? "-"}/${o.metadata?.name}`;
const installed = built.objects.map((d) => d.object);

t.test("every resource and patch the kustomization names is here, and every patch applies", async (t) => {
  t.strictSame(built.problems, []);
});

t.test("every manifest is installed, by default or with an optional component of manifests/, or patches what is, and once", async (t) => {
  const manifests = manifestFiles().filter((f) => !isKustomization(f)).map((f) => relative(repoRoot, f));
  const withOptions = build(manifestsDir, OPTIONAL_COMPONENTS.map((c) => join(manifestsDir, c)));
  t.strictSame(withOptions.problems, []);
  t.strictSame([...withOptions.files, ...withOptions.patchFiles].sort(), manifests.sort());
  const names = installed.map(identity);
  t.strictSame(names.filter((n, i) => names.indexOf(n) !== i), [], "no object twice");
});

t.test("every image the kustomization sets is one a container uses", async (t) => {
  const [document] = readDocuments(join(manifestsDir, "kustomization.yaml"));
  const images = ((document?.object ?? {}) as Kustomization).images ?? [];
  const used = JSON.stringify(installed);
  for (const { name } of images) t.match(used, `"image":"${name}:`, name);
});

const command = kustomizeCommand();

t.test("kustomize builds the manifests into exactly those objects", { skip: "skip" in command ? command.skip : false }, async (t) => {
  const [program, ...args] = "argv" in command ? command.argv : [];
  const output = run(program ?? "", [...args, manifestsDir]);
  const objects = yaml.loadAll(output) as KubeDocument[];
  t.strictSame(objects.map(identity).sort(), installed.map(identity).sort());
  // Every object is what build.ts made of it, but for what the emulation leaves out: commonLabels and images.
  const emulated = new Map(installed.map((o) => [identity(o), o]));
  const LEFT_OUT = new Set(["labels", "matchLabels", "image"]);
  const comparable = (o: unknown): unknown => JSON.parse(JSON.stringify(o, (key, value: unknown) => LEFT_OUT.has(key) ? undefined : value));
  for (const object of objects) t.strictSame(comparable(object), comparable(emulated.get(identity(object))), identity(object));
  const hooks = objects.find((o) => o.kind === "Deployment" && o.metadata?.name === "kafka-hooks");
  t.match(JSON.stringify(hooks), /"image":"kafka-hooks:[^"]+"/);
});
