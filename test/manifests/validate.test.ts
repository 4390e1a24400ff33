// Every YAML file under manifests/ and metacontroller/ parses, and every object
// in them validates against the schema of its kind: the upstream Kubernetes
// OpenAPI schema, or Metacontroller's own CRD for its controllers.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Ajv } from "ajv";
import t from "tap";
import { openApiError } from "../helpers/openapi.js";
import { repoRoot, sharedDir } from "../helpers/paths.js";
import { build } from "./build.js";
import { isKustomization, kubeObjects, manifestFiles, objectsOfKind, readDocuments, yamlFilesUnder } from "./documents.js";

interface Crd {
  spec: { group: string; names: { kind: string }; versions: Array<{ name: string; schema?: { openAPIV3Schema?: object } }> };
}

const OUR_NAMESPACE = "kafka-hooks";

t.test("every YAML file parses into at least one document", async (t) => {
  const files = manifestFiles();
  t.ok(files.length >= 15, `${files.length} files`);
  for (const file of files) {
    const documents = readDocuments(file);
    t.ok(documents.length > 0, `${relative(repoRoot, file)} has a document`);
    if (isKustomization(file)) continue;
    for (const { object } of documents) t.ok(object.apiVersion && object.kind, `${relative(repoRoot, file)}: ${object.kind} has apiVersion and kind`);
  }
});

// Metacontroller's objects validate against the CRDs of the release we install.
const metacontrollerCrds = objectsOfKind("CustomResourceDefinition").map((o) => o as unknown as Crd)
  .filter((crd) => crd.spec.group === "metacontroller.k8s.io");
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });

function metacontrollerError(object: { apiVersion?: string; kind?: string }): string | undefined {
  const crd = metacontrollerCrds.find((c) => c.spec.names.kind === object.kind);
  const version = crd?.spec.versions.find((v) => `${crd.spec.group}/${v.name}` === object.apiVersion);
  const schema = version?.schema?.openAPIV3Schema;
  if (!schema) return `no Metacontroller CRD serves ${object.apiVersion} ${object.kind}`;
  const validate = ajv.compile(schema);
  return validate(object) ? undefined : ajv.errorsText(validate.errors);
}

t.test("every object validates against the schema of its kind, as written and as installed (patched)", async (t) => {
  const objects = [...kubeObjects(), ...build(join(repoRoot, "manifests")).objects];
  t.ok(objects.length >= 40, `${objects.length} objects`);
  for (const { file, object } of objects) {
    const error = object.apiVersion?.startsWith("metacontroller.k8s.io/") ? metacontrollerError(object) : openApiError(object);
    t.equal(error, undefined, `${file}: ${object.kind} ${object.metadata?.name}`);
  }
});

t.test("the schemas catch a broken object (the oracle can fail)", async (t) => {
  t.not(openApiError({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { replicas: "two" } } as object), undefined);
  t.not(metacontrollerError({ apiVersion: "metacontroller.k8s.io/v1alpha1", kind: "CompositeController", spec: { hooks: 1 } } as object), undefined);
});

t.test("our namespaced objects live in the kafka-hooks namespace, which we create", async (t) => {
  t.ok(objectsOfKind("Namespace").some((ns) => ns.metadata?.name === OUR_NAMESPACE));
  // Metacontroller's live in its namespace; the sidecar's optional RoleBindings in the namespaces it watches.
  const ours = kubeObjects().filter((d) => d.file.startsWith("manifests/") && !d.file.startsWith("manifests/metacontroller") && !d.file.startsWith("manifests/sidecar-watch-namespaces/"));
  for (const { file, object } of ours) {
    const clusterScoped = ["Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding"].includes(object.kind ?? "");
    t.equal(object.metadata?.namespace, clusterScoped ? undefined : OUR_NAMESPACE, `${file}: ${object.kind} ${object.metadata?.name}`);
  }
});

t.test("the vendored Metacontroller release is the pinned reference, unchanged", async (t) => {
  const reference = join(sharedDir, "metacontroller-reference");
  const vendored = join(repoRoot, "manifests", "metacontroller");
  const names = (dir: string) => yamlFilesUnder(dir).map((f) => relative(dir, f));
  t.strictSame(names(vendored), names(reference));
  for (const name of [...names(reference), "LICENSE"]) {
    t.equal(readFileSync(join(vendored, name), "utf8"), readFileSync(join(reference, name), "utf8"), name);
  }
  const [image] = objectsOfKind("StatefulSet").flatMap((s) => JSON.stringify(s).match(/metacontroller:v[0-9.]+/g) ?? []);
  const [major, minor] = (image ?? "").replace(/^metacontroller:v/, "").split(".").map(Number);
  t.ok((major ?? 0) > 4 || ((major ?? 0) === 4 && (minor ?? 0) >= 17), `${image} is 4.17 or newer`);
});
