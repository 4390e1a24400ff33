// kustomize's build, as far as our kustomizations use it, so that tests see the
// objects `kubectl apply -k manifests/` installs on a machine without kustomize:
// resources (files and kustomizations), then components (their resources, then
// their patches on everything so far), then the kustomization's own patches.
// Patches are JSON 6902 (test, add, replace, remove) or strategic merge patches
// (`$patch: delete` removes the object) whose lists are replaced whole, which is what kustomize does for lists without a
// merge key (RBAC rules); a strategic merge patch of a list with a merge key is
// refused rather than emulated wrongly. commonLabels are set on each object's
// own labels only. Not emulated: labels of selectors and pod templates, images,
// generators. kustomization.test.ts compares the result with a real build.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import yaml from "js-yaml";
import { repoRoot } from "../helpers/paths.js";
import { readDocuments, type Document, type KubeDocument } from "./documents.js";

interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

interface Patch {
  path?: string;
  patch?: string;
  target?: Target;
}

interface Kustomization {
  resources?: string[];
  bases?: string[];
  components?: string[];
  patches?: Patch[];
  commonLabels?: Record<string, string>;
}

interface JsonPatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

export interface Build {
  /** Resource files, from the repository's root, in the order kustomize reads them. */
  files: string[];
  /** Files named by `patches`. */
  patchFiles: string[];
  problems: string[];
  objects: Document[];
}

const REMOTE = /^(https?:\/\/|git@|github\.com\/)/;

type Json = Record<string, unknown>;
const isMap = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

function strategicMerge(target: Json, patch: Json, at: string): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith("$")) throw new Error(`${at}.${key}: directive not emulated`);
    if (value === null) delete target[key];
    else if (isMap(value) && isMap(target[key])) strategicMerge(target[key] as Json, value, `${at}.${key}`);
    else {
      if (Array.isArray(value) && value.some((item) => isMap(item) && "name" in item)) throw new Error(`${at}.${key}: a list with a merge key is not emulated`);
      target[key] = structuredClone(value);
    }
  }
}

const pointer = (path: string): string[] => path.split("/").slice(1).map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));

function jsonPatch(target: Json, operations: JsonPatchOperation[]): void {
  for (const { op, path, value } of operations) {
    const keys = pointer(path);
    const last = keys.pop() ?? "";
    let parent: unknown = target;
    for (const key of keys) parent = (parent as Json)[key];
    if (Array.isArray(parent)) {
      const index = last === "-" ? parent.length : Number(last);
      if (op === "test") {
        if (JSON.stringify(parent[index]) !== JSON.stringify(value)) throw new Error(`test ${path}: ${JSON.stringify(parent[index])}`);
      } else if (op === "add") parent.splice(index, 0, structuredClone(value));
      else if (op === "replace") parent[index] = structuredClone(value);
      else if (op === "remove") parent.splice(index, 1);
      else throw new Error(`${op} ${path}: not emulated`);
    } else if (isMap(parent)) {
      if (op === "test") {
        if (JSON.stringify(parent[last]) !== JSON.stringify(value)) throw new Error(`test ${path}: ${JSON.stringify(parent[last])}`);
      } else if (op === "add" || op === "replace") parent[last] = structuredClone(value);
      else if (op === "remove") delete parent[last];
      else throw new Error(`${op} ${path}: not emulated`);
    } else throw new Error(`${op} ${path}: no such parent`);
  }
}

function matches(object: KubeDocument, target: Target): boolean {
  const [group, version] = (object.apiVersion ?? "").includes("/") ? (object.apiVersion ?? "").split("/") : ["", object.apiVersion];
  return (target.group === undefined || target.group === group) && (target.version === undefined || target.version === version)
    && (target.kind === undefined || target.kind === object.kind) && (target.name === undefined || target.name === object.metadata?.name)
    && (target.namespace === undefined || target.namespace === object.metadata?.namespace);
}

function applyPatch(dir: string, { path, patch, target }: Patch, objects: Document[], found: Build): void {
  const text = path !== undefined ? readFileSync(join(dir, path), "utf8") : patch ?? "";
  if (path !== undefined) found.patchFiles.push(relative(repoRoot, join(dir, path)));
  const content = yaml.load(text);
  const where = `${relative(repoRoot, dir)}: patch ${path ?? JSON.stringify(target)}`;
  if (Array.isArray(content)) {
    const hits = objects.filter((d) => target !== undefined && matches(d.object, target));
    if (hits.length === 0) found.problems.push(`${where} matches nothing`);
    for (const hit of hits) jsonPatch(hit.object as Json, content as JsonPatchOperation[]);
    return;
  }
  const smp = content as KubeDocument;
  const own: Target = { kind: smp.kind, name: smp.metadata?.name, ...(smp.metadata?.namespace ? { namespace: smp.metadata.namespace } : {}) };
  const hits = objects.filter((d) => matches(d.object, target ?? own));
  if (hits.length === 0) found.problems.push(`${where} matches nothing`);
  const { $patch: directive, ...rest } = smp as Json;
  if (directive === "delete") {
    for (const hit of hits) objects.splice(objects.indexOf(hit), 1);
    return;
  }
  if (directive !== undefined) throw new Error(`${where}: $patch ${String(directive)} not emulated`);
  for (const hit of hits) strategicMerge(hit.object as Json, rest, "");
}

/** Adds what the kustomization at `dir` builds to `objects`; a component's patches apply to all of them. */
function accumulate(dir: string, found: Build, objects: Document[]): void {
  const [document] = readDocuments(join(dir, "kustomization.yaml"));
  const kustomization = (document?.object ?? {}) as Kustomization;
  const add = (entry: string, asComponent: boolean): void => {
    const where = `${relative(repoRoot, dir)}: ${entry}`;
    const path = join(dir, entry);
    if (REMOTE.test(entry)) found.problems.push(`${where} is remote`);
    else if (!existsSync(path)) found.problems.push(`${where} does not exist`);
    else if (!statSync(path).isDirectory()) {
      found.files.push(relative(repoRoot, path));
      objects.push(...readDocuments(path));
    } else if (!existsSync(join(path, "kustomization.yaml"))) found.problems.push(`${where} is a directory without a kustomization.yaml`);
    else if (asComponent) accumulate(path, found, objects);
    else {
      const built: Document[] = [];
      accumulate(path, found, built);
      objects.push(...built);
    }
  };
  for (const entry of [...kustomization.resources ?? [], ...kustomization.bases ?? []]) add(entry, false);
  // On the objects' own labels only: selectors and pod templates are left as written.
  for (const { object } of objects) if (kustomization.commonLabels) object.metadata = { ...object.metadata, labels: { ...object.metadata?.labels, ...kustomization.commonLabels } };
  for (const entry of kustomization.components ?? []) add(entry, true);
  for (const patch of kustomization.patches ?? []) applyPatch(dir, patch, objects, found);
}

/** The build of `dir`, and with `components` as a kustomization of one's own lists them beside it. */
export function build(dir: string, components: readonly string[] = []): Build {
  const found: Build = { files: [], patchFiles: [], problems: [], objects: [] };
  accumulate(dir, found, found.objects);
  for (const component of components) accumulate(component, found, found.objects);
  return found;
}
