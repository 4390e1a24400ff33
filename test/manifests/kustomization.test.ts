// manifests/kustomization.yaml installs everything: each resource it names
// exists here (no network needed), and every manifest is installed by it. Where
// kustomize (or kubectl, which embeds it) is on the PATH, its build must succeed
// and give exactly those objects; Debian 12 ships no kustomize and a kubectl too
// old to build this, so on a fresh machine that part is skipped.
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { delimiter, join, relative } from "node:path";
import yaml from "js-yaml";
import t from "tap";
import { repoRoot } from "../helpers/paths.js";
import { isKustomization, manifestFiles, readDocuments, type KubeDocument } from "./documents.js";

interface Kustomization {
  resources?: string[];
  bases?: string[];
  components?: string[];
  images?: Array<{ name: string }>;
}

interface Resolved {
  files: string[];
  problems: string[];
}

const REMOTE = /^(https?:\/\/|git@|github\.com\/)/;

/** The files a kustomization includes, through the kustomizations it includes in turn. */
function resolve(dir: string, found: Resolved = { files: [], problems: [] }): Resolved {
  const [document] = readDocuments(join(dir, "kustomization.yaml"));
  const kustomization = (document?.object ?? {}) as Kustomization;
  for (const entry of [...kustomization.resources ?? [], ...kustomization.bases ?? [], ...kustomization.components ?? []]) {
    const where = `${relative(repoRoot, dir)}: ${entry}`;
    const path = join(dir, entry);
    if (REMOTE.test(entry)) found.problems.push(`${where} is remote`);
    else if (!existsSync(path)) found.problems.push(`${where} does not exist`);
    else if (!statSync(path).isDirectory()) found.files.push(path);
    else if (existsSync(join(path, "kustomization.yaml"))) resolve(path, found);
    else found.problems.push(`${where} is a directory without a kustomization.yaml`);
  }
  return found;
}

const manifestsDir = join(repoRoot, "manifests");
const resolved = resolve(manifestsDir);
const identity = (o: KubeDocument): string => `${o.kind} ${o.metadata?.namespace ?? "-"}/${o.metadata?.name}`;
const installed = resolved.files.flatMap(readDocuments).map((d) => d.object);

t.test("every resource the kustomization names is here", async (t) => {
  t.strictSame(resolved.problems, []);
});

t.test("every manifest is installed, and once", async (t) => {
  const manifests = manifestFiles().filter((f) => !isKustomization(f)).map((f) => relative(repoRoot, f));
  t.strictSame(resolved.files.map((f) => relative(repoRoot, f)).sort(), manifests.sort());
  const names = installed.map(identity);
  t.strictSame(names.filter((n, i) => names.indexOf(n) !== i), [], "no object twice");
});

t.test("every image the kustomization sets is one a container uses", async (t) => {
  const [document] = readDocuments(join(manifestsDir, "kustomization.yaml"));
  const images = ((document?.object ?? {}) as Kustomization).images ?? [];
  const used = JSON.stringify(installed);
  for (const { name } of images) t.match(used, `"image":"${name}:`, name);
});

const run = (program: string, args: string[]): string =>
  execFileSync(program, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });

/** kustomize v4 or newer, alone or inside kubectl; older ones cannot take a directory as a resource. */
function kustomizeCommand(): { argv: string[] } | { skip: string } {
  const onPath = (name: string) => (process.env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
  const major = (version: string) => Number(/v(\d+)\./.exec(version)?.[1] ?? 0);
  if (onPath("kustomize") && major(run("kustomize", ["version"])) >= 4) return { argv: ["kustomize", "build"] };
  if (onPath("kubectl")) {
    const { kustomizeVersion } = JSON.parse(run("kubectl", ["version", "--client", "-o", "json"])) as { kustomizeVersion?: string };
    if (major(kustomizeVersion ?? "") >= 4) return { argv: ["kubectl", "kustomize"] };
  }
  return { skip: "no kustomize v4 or newer on the PATH, alone or in kubectl" };
}

const command = kustomizeCommand();

t.test("kustomize builds the manifests into exactly those objects", { skip: "skip" in command ? command.skip : false }, async (t) => {
  const [program, ...args] = "argv" in command ? command.argv : [];
  const output = run(program ?? "", [...args, manifestsDir]);
  const built = yaml.loadAll(output) as KubeDocument[];
  t.strictSame(built.map(identity).sort(), installed.map(identity).sort());
  const hooks = built.find((o) => o.kind === "Deployment" && o.metadata?.name === "kafka-hooks");
  t.match(JSON.stringify(hooks), /"image":"kafka-hooks:[^"]+"/);
});
