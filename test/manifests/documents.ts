// The YAML documents under manifests/ and metacontroller/, read once for every
// test in this directory.
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import yaml from "js-yaml";
import { repoRoot } from "../helpers/paths.js";

export interface Metadata {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
}

export interface KubeDocument {
  apiVersion?: string;
  kind?: string;
  metadata?: Metadata;
  [field: string]: unknown;
}

export interface Document {
  /** Path from the repository's root. */
  file: string;
  object: KubeDocument;
}

export function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  }).sort();
}

export const MANIFEST_DIRS = ["manifests", "metacontroller"] as const;

/**
 * Shipped beside the install but not part of it: configuration for other tools
 * (Argo CD's health checks), and the monitoring kustomization, whose kinds come
 * with the Prometheus Operator (monitoring.test.ts checks it).
 */
export const NOT_INSTALLED_DIRS = [join("manifests", "gitops"), join("manifests", "monitoring")];

export const manifestFiles = (): string[] => MANIFEST_DIRS.flatMap((dir) => yamlFilesUnder(join(repoRoot, dir)))
  .filter((f) => !NOT_INSTALLED_DIRS.some((dir) => relative(repoRoot, f).startsWith(dir)));

/** Every document of a file, empty ones (a trailing `---`) left out. */
export function readDocuments(path: string): Document[] {
  const file = relative(repoRoot, path);
  return yaml.loadAll(readFileSync(path, "utf8"))
    .filter((object) => object !== null && object !== undefined)
    .map((object) => ({ file, object: object as KubeDocument }));
}

/** Kustomize's own files, which need no apiVersion or kind (Metacontroller's has none). */
export const isKustomization = (file: string): boolean => basename(file) === "kustomization.yaml";

/** Files a kustomization names in `patches`: changes to objects defined elsewhere (see build.ts). */
export const patchFiles = (): string[] => manifestFiles().filter(isKustomization).flatMap((file) => readDocuments(file).flatMap(({ object }) =>
  ((object as { patches?: Array<{ path?: string }> }).patches ?? []).flatMap((p) => p.path !== undefined ? [join(dirname(file), p.path)] : [])));

/** The Kubernetes objects under manifests/ and metacontroller/, as written: kustomizations and patches left out. */
export const kubeObjects = (): Document[] => {
  const patches = new Set(patchFiles());
  return manifestFiles().filter((f) => !isKustomization(f) && !patches.has(f)).flatMap(readDocuments);
};

export function objectsOfKind(kind: string, documents: readonly Document[] = kubeObjects()): KubeDocument[] {
  return documents.filter((d) => d.object.kind === kind).map((d) => d.object);
}

export function theOnly(kind: string, name: string, documents: readonly Document[] = kubeObjects()): KubeDocument {
  const found = objectsOfKind(kind, documents).filter((o) => o.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0] as KubeDocument;
}
