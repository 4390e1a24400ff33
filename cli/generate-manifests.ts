// `make manifests`: writes manifests/crds/ from our schemas, removing files of
// kinds no longer served, and prints each CRD's size against the 256 KiB that
// kubectl's last-applied annotation allows; and Metacontroller's least-privilege
// ClusterRole from our CompositeControllers.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { crdManifestFiles } from "../lib/api/crds.js";
import { metacontrollerClusterRoleFile, type CompositeControllerResources } from "../lib/metacontroller-rbac.js";

// This file runs as dist/cli/generate-manifests.js.
const outDir = fileURLToPath(new URL("../../manifests/crds/", import.meta.url));
const files = crdManifestFiles();

mkdirSync(outDir, { recursive: true });
const wanted = new Set(files.map((file) => file.name));
for (const name of readdirSync(outDir)) {
  if (name.endsWith(".yaml") && !wanted.has(name)) rmSync(join(outDir, name));
}
for (const file of files) {
  writeFileSync(join(outDir, file.name), file.text);
  if (file.name === "kustomization.yaml") continue;
  const jsonBytes = Buffer.byteLength(JSON.stringify(yaml.load(file.text)));
  console.log(`manifests/crds/${file.name}: ${(jsonBytes / 1024).toFixed(1)} KiB as JSON`);
}

const controllersDir = fileURLToPath(new URL("../../metacontroller/", import.meta.url));
const controllers = readdirSync(controllersDir).filter((name) => name.endsWith(".yaml") && name !== "kustomization.yaml").sort()
  .flatMap((name) => yaml.loadAll(readFileSync(join(controllersDir, name), "utf8")) as Array<{ kind?: string }>)
  .filter((object): object is CompositeControllerResources & { kind: string } => object?.kind === "CompositeController");
const clusterRole = fileURLToPath(new URL("../../manifests/metacontroller-least-privilege/cluster-role.yaml", import.meta.url));
writeFileSync(clusterRole, metacontrollerClusterRoleFile(controllers));
console.log(`manifests/metacontroller-least-privilege/cluster-role.yaml: ${controllers.length} CompositeControllers`);
