// Our CompositeControllers against Metacontroller 4.17's own CRD schema.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import yaml from "js-yaml";
import t from "tap";
import { KAFKA_BRIDGE_CHILD_TYPES, KAFKA_CHILD_TYPES, KAFKA_CONNECT_CHILD_TYPES, OPTIONAL_CHILD_COMPONENTS } from "../../lib/sync/child-types.js";
import { RECREATED_CONNECT_CHILD_TYPES } from "../../lib/operands/connect/connect.js";
import { repoRoot, sharedDir } from "../helpers/paths.js";

interface Crd {
  spec: { names: { kind: string }; versions: Array<{ name: string; schema: { openAPIV3Schema: object } }> };
}

interface CompositeController {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    generateSelector?: boolean;
    parentResource: { apiVersion: string; resource: string; ignoreStatusChanges?: boolean };
    childResources?: Array<{ apiVersion: string; resource: string; updateStrategy?: { method: string } }>;
    hooks: Record<string, { version?: string; webhook?: { path?: string; timeout?: string } }>;
  };
}

const crds = yaml.loadAll(readFileSync(join(sharedDir, "metacontroller-reference", "metacontroller-crds-v1.yaml"), "utf8")) as Crd[];
const compositeSchema = crds.find((c) => c?.spec?.names?.kind === "CompositeController")?.spec.versions[0]?.schema.openAPIV3Schema;
// Kubernetes' OpenAPI dialect: allow its x- keywords, and formats ajv does not know.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validateController = ajv.compile(compositeSchema ?? {});

const controller = (file: string) => yaml.load(readFileSync(join(repoRoot, "metacontroller", file), "utf8")) as CompositeController;

for (const file of ["kafka.yaml", "kafkabridge.yaml", "kafkaconnect.yaml", "kafkanodepool.yaml", "strimzipodset.yaml"]) {
  t.test(`${file} is a valid CompositeController with our house rules`, async (t) => {
    t.ok(compositeSchema, "Metacontroller's CRD has a CompositeController schema");
    const cc = controller(file);
    t.equal(validateController(cc), true, JSON.stringify(validateController.errors));
    t.equal(cc.apiVersion, "metacontroller.k8s.io/v1alpha1");
    t.equal(cc.spec.generateSelector, true);
    t.equal(cc.spec.parentResource.ignoreStatusChanges, true);
    for (const [name, hook] of Object.entries(cc.spec.hooks)) {
      t.equal(hook.version, "v2", `${name} speaks v2`);
      t.equal(hook.webhook?.timeout, "10s", `${name} has a timeout`);
    }
  });
}

t.test("the Kafka controller declares exactly the child types the hook answers with", async (t) => {
  const declared = (controller("kafka.yaml").spec.childResources ?? []).map((c) => `${c.apiVersion} ${c.resource} ${c.updateStrategy?.method}`);
  t.same(declared, KAFKA_CHILD_TYPES.map((c) => `${c.apiVersion} ${c.resource} InPlace`));
});

t.test("the KafkaBridge controller declares exactly the child types the hook answers with", async (t) => {
  const declared = (controller("kafkabridge.yaml").spec.childResources ?? []).map((c) => `${c.apiVersion} ${c.resource} ${c.updateStrategy?.method}`);
  t.same(declared, KAFKA_BRIDGE_CHILD_TYPES.map((c) => `${c.apiVersion} ${c.resource} InPlace`));
});

t.test("the KafkaConnect controller declares exactly the child types the hook answers with", async (t) => {
  const declared = (controller("kafkaconnect.yaml").spec.childResources ?? []).map((c) => `${c.apiVersion} ${c.resource} ${c.updateStrategy?.method}`);
  t.same(declared, KAFKA_CONNECT_CHILD_TYPES.map((c) => `${c.apiVersion} ${c.resource} ${RECREATED_CONNECT_CHILD_TYPES.includes(c) ? "Recreate" : "InPlace"}`));
});

t.test("each kustomize component adds the child type render and request declare under its name", async (t) => {
  interface Component { patches: Array<{ patch: string }> }
  const added = (name: string) => {
    const component = yaml.load(readFileSync(join(repoRoot, "metacontroller", "components", name, "kustomization.yaml"), "utf8")) as Component;
    return component.patches.flatMap((p) => yaml.load(p.patch) as Array<{ path: string; value: { apiVersion: string; resource: string; updateStrategy: { method: string } } }>)
      .filter((op) => op.path === "/spec/childResources/-")
      .map((op) => `${op.value.apiVersion} ${op.value.resource} ${op.value.updateStrategy.method}`);
  };
  t.same([...OPTIONAL_CHILD_COMPONENTS.keys()].sort(), ["gateway-tlsroutes", "openshift-routes"]);
  for (const [name, type] of OPTIONAL_CHILD_COMPONENTS) t.same(added(name), [`${type.apiVersion} ${type.resource} InPlace`], name);
});

t.test("a rule with a wrong hook version is refused by the schema (the oracle can fail)", async (t) => {
  const cc = controller("kafka.yaml");
  const broken = { ...cc, spec: { ...cc.spec, hooks: { sync: { version: "v3" } } } };
  t.equal(validateController(broken), false);
});

t.test("pods are never updated in place: only the roller restarts them", async (t) => {
  t.same(controller("strimzipodset.yaml").spec.childResources, [{ apiVersion: "v1", resource: "pods", updateStrategy: { method: "OnDelete" } }]);
});
