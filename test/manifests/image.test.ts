// The Dockerfile cannot be built here (no container engine), so what can be
// checked without building it is: the runtime stage holds production
// dependencies only, yet everything the compiled code imports; it runs as the
// user, from the directory and with the command the Deployment expects.
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import t from "tap";
import { repoRoot } from "../helpers/paths.js";
import { theOnly } from "./documents.js";

interface Instruction {
  keyword: string;
  args: string;
}

const instructions: Instruction[] = readFileSync(join(repoRoot, "Dockerfile"), "utf8").split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"))
  .map((line) => {
    const [keyword = "", ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
  });

const stages = instructions.reduce<Instruction[][]>((all, instruction) => {
  if (instruction.keyword === "FROM") all.push([]);
  all.at(-1)?.push(instruction);
  return all;
}, []);
const runtime = stages.at(-1) ?? [];
const argsOf = (keyword: string, stage: readonly Instruction[] = runtime): string[] => stage.filter((i) => i.keyword === keyword).map((i) => i.args);

const deployment = theOnly("Deployment", "kafka-hooks") as unknown as IDeployment;
const pod = deployment.spec?.template.spec;
const container = pod?.containers.find((c) => c.name === "hooks");
const packageJson = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines: { node: string };
};

t.test("two stages from the same Node.js LTS image: build, then runtime", async (t) => {
  t.equal(stages.length, 2);
  const image = argsOf("ARG", instructions).map((a) => /^NODE_IMAGE=(\S+)$/.exec(a)?.[1]).find(Boolean) ?? "";
  const major = Number(/^node:(\d+)(-alpine)?$/.exec(image)?.[1]);
  t.ok(major >= 24 && major % 2 === 0, `${image} is an LTS line`);
  t.strictSame(stages.map((stage) => stage[0]?.args.replace(/\s+AS\s+\S+$/i, "")), ["${NODE_IMAGE}", "${NODE_IMAGE}"]);
});

t.test("the image, engines, the Node.js the tests run on and its types are one major", async (t) => {
  const image = argsOf("ARG", instructions).map((a) => /^NODE_IMAGE=node:(\d+)/.exec(a)?.[1]).find(Boolean);
  const major = (range: string | undefined): string | undefined => /^\D*(\d+)/.exec(range ?? "")?.[1];
  t.strictSame({
    engines: packageJson.engines.node,
    node: major(packageJson.devDependencies["node"]),
    types: major(packageJson.devDependencies["@types/node"]),
    running: process.versions.node.split(".")[0],
  }, { engines: `>=${image}`, node: image, types: image, running: image });
});

t.test("the runtime stage installs production dependencies only, and copies only compiled code", async (t) => {
  t.ok(argsOf("RUN").some((run) => /\bnpm ci\b.*--omit=dev/.test(run)), "npm ci --omit=dev");
  const fromBuild = argsOf("COPY").filter((c) => c.startsWith("--from="));
  t.ok(fromBuild.length > 0);
  for (const copy of fromBuild) t.match(copy, /^--from=build \/src\/dist\/[\w-]+ \.\/dist\/[\w-]+$/, copy);
});

t.test("it runs as the Deployment expects: non-root user, directory and command", async (t) => {
  t.strictSame(argsOf("USER"), [`${pod?.securityContext?.runAsUser}:${pod?.securityContext?.runAsGroup}`]);
  t.ok((pod?.securityContext?.runAsUser ?? 0) > 0, "not root");
  t.strictSame(argsOf("WORKDIR"), [container?.workingDir]);
  t.strictSame(argsOf("CMD").map((cmd) => JSON.parse(cmd) as string[]), [container?.command]);
});

// What the runtime stage copies from the build stage, as paths under the repository.
const copiedDirs = argsOf("COPY").flatMap((c) => /^--from=build \/src\/(\S+) /.exec(c)?.[1] ?? []).map((dir) => join(repoRoot, dir));
const IMPORT = /\b(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

function importsOf(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

function jsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFilesUnder(path);
    return entry.name.endsWith(".js") ? [path] : [];
  });
}

t.test("the code the image holds imports only what the image holds", async (t) => {
  const files = copiedDirs.flatMap(jsFilesUnder);
  t.ok(files.some((f) => f.endsWith(join("dist", "hooks", "main.js"))), "the entry point is copied");
  const builtins = new Set(builtinModules);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    for (const specifier of importsOf(file)) {
      seen.add(specifier);
      const where = `${relative(repoRoot, file)} imports ${specifier}`;
      if (specifier.startsWith(".")) {
        const target = resolve(dirname(file), specifier);
        if (!copiedDirs.some((dir) => target.startsWith(dir + "/"))) problems.push(`${where}, which is not copied`);
      } else if (!specifier.startsWith("node:") && !builtins.has(specifier)) {
        const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0] ?? "";
        if (!(name in packageJson.dependencies)) problems.push(`${where}, which is not a production dependency`);
      }
    }
  }
  t.ok(seen.has("fastify") && seen.has("./server.js"), "the import scanner sees imports");
  t.strictSame(problems, []);
});

t.test(".dockerignore keeps out what the build makes, and nothing the build copies", async (t) => {
  const ignored = readFileSync(join(repoRoot, ".dockerignore"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  for (const path of ["node_modules", "dist", ".git"]) t.ok(ignored.includes(path), `${path} is ignored`);
  const copiedFromContext = argsOf("COPY", instructions).filter((c) => !c.startsWith("--from=")).flatMap((c) => c.split(/\s+/).slice(0, -1));
  t.ok(copiedFromContext.length > 0);
  for (const path of copiedFromContext) t.notOk(ignored.includes(path), `${path} reaches the build`);
});
