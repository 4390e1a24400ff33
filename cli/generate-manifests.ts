// `make manifests`: writes manifests/crds/ from our schemas, removing files of
// kinds no longer served, and prints each CRD's size against the 256 KiB that
// kubectl's last-applied annotation allows.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { crdManifestFiles } from "../lib/api/crds.js";

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
