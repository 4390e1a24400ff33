// Metacontroller as installed: its ClusterRole is the one generated from our
// CompositeControllers and customize hooks (never a wildcard), which grants what
// each controller needs of its parents, children and related kinds for every
// Strimzi example; its pod meets Pod Security "restricted". Upstream's manifests
// stay vendored unchanged for those who share Metacontroller with other controllers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IStatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import t from "tap";
import type { Kafka } from "../../lib/api/kafka.js";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { CHILD_VERBS, metacontrollerClusterRoleFile, metacontrollerGrants, PARENT_VERBS, RELATED_VERBS, type CompositeControllerResources, type PolicyRule } from "../../lib/metacontroller-rbac.js";
import { ENTITY_OPERATOR_RULES } from "../../lib/operands/entity-operator/rbac.js";
import { customizeKafka, customizeKafkaBridge, customizeKafkaNodePool } from "../../lib/sync/customize.js";
import { restrictedViolations } from "../helpers/pod-security.js";
import { examplesDir, repoRoot } from "../helpers/paths.js";
import { build } from "./build.js";
import { kubeObjects, readDocuments, theOnly, yamlFilesUnder, type KubeDocument } from "./documents.js";

const written = kubeObjects();
const controllers = written.filter((d) => d.file.startsWith("metacontroller/") && d.object.kind === "CompositeController")
  .map((d) => d.object as unknown as CompositeControllerResources);
const installed = build(join(repoRoot, "manifests")).objects;
const rulesOf = (role: KubeDocument): PolicyRule[] => (role as unknown as { rules: PolicyRule[] }).rules;
const role = theOnly("ClusterRole", "metacontroller", installed);
const groupOf = (apiVersion: string): string => apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";

/** Whether RBAC lets `rules` do `verb` on `resource` of `group`, as the authorizer decides (no resourceNames here). */
const allows = (rules: readonly PolicyRule[], group: string, resource: string, verb: string): boolean => rules.some((r) =>
  (r.apiGroups.includes(group) || r.apiGroups.includes("*")) && (r.resources.includes(resource) || r.resources.includes("*"))
  && (r.verbs.includes(verb) || r.verbs.includes("*")));

const missing = (rules: readonly PolicyRule[], apiVersion: string, resource: string, verbs: readonly string[]): string[] =>
  verbs.filter((verb) => !allows(rules, groupOf(apiVersion), resource, verb)).map((verb) => `${verb} ${resource}.${apiVersion}`);

t.test("cluster-role.yaml is what `make manifests` writes from metacontroller/*.yaml now", async (t) => {
  t.equal(controllers.length, 6);
  const file = join(repoRoot, "manifests", "metacontroller-least-privilege", "cluster-role.yaml");
  t.equal(readFileSync(file, "utf8"), metacontrollerClusterRoleFile(controllers), "run make manifests");
});

t.test("the installed ClusterRole has the generated rules, no wildcard, and is upstream's binding's", async (t) => {
  t.strictSame(rulesOf(role), metacontrollerGrants(controllers).map((g) => g.rule));
  t.notMatch(JSON.stringify(rulesOf(role)), /"\*"/);
  const binding = theOnly("ClusterRoleBinding", "metacontroller", installed) as unknown as { roleRef: { name: string }; subjects: unknown[] };
  t.equal(binding.roleRef.name, "metacontroller");
  t.strictSame(binding.subjects, [{ kind: "ServiceAccount", name: "metacontroller", namespace: "metacontroller" }]);
});

t.test("every controller may read and update its parents and their status, and manage its children", async (t) => {
  const rules = rulesOf(role);
  for (const { metadata, spec } of controllers) {
    const { apiVersion, resource } = spec.parentResource;
    t.strictSame(missing(rules, apiVersion, resource, PARENT_VERBS), [], `${metadata.name}: parent`);
    t.strictSame(missing(rules, apiVersion, `${resource}/status`, ["update"]), [], `${metadata.name}: parent status`);
    for (const child of spec.childResources ?? []) t.strictSame(missing(rules, child.apiVersion, child.resource, CHILD_VERBS), [], `${metadata.name}: child ${child.resource}`);
  }
  // A webhook's caBundle.secretRef is read through controller-runtime's cache: Secrets listed and watched.
  const caBundleSecrets = written.filter((d) => d.object.kind === "CompositeController").flatMap((d) => JSON.stringify(d.object).match(/"caBundle":\{"secretRef"/g) ?? []);
  t.ok(caBundleSecrets.length >= 5, `${caBundleSecrets.length} webhooks trust a CA from a Secret`);
  t.strictSame(missing(rules, "v1", "secrets", ["list", "watch"]), []);
  t.strictSame(missing(rules, "v1", "events", ["create", "patch"]), []);
  t.strictSame(missing(rules, "metacontroller.k8s.io/v1alpha1", "controllerrevisions", ["create", "delete", "get", "list", "update", "watch"]), []);
});

t.test("every kind the customize hooks ask for, for every Strimzi example (and with a node port listener), KafkaBridges too, may be watched", async (t) => {
  const rules = rulesOf(role);
  const examples = yamlFilesUnder(examplesDir).flatMap(readDocuments).map((d) => d.object);
  const kafkas = examples.filter((o) => o.kind === "Kafka").map((o) => ({ ...o, metadata: { ...o.metadata, namespace: "myproject" } }) as unknown as Kafka);
  const pools = examples.filter((o) => o.kind === "KafkaNodePool").map((o) => ({ ...o, metadata: { ...o.metadata, namespace: "myproject" } }) as unknown as KubeObject);
  t.ok(kafkas.length >= 20 && pools.length >= 20, `${kafkas.length} Kafkas, ${pools.length} pools`);
  // No example has a node port listener, whose brokers advertise their Nodes' addresses: each again with one.
  const withNodePorts = kafkas.map((k) => ({ ...k, spec: { ...k.spec, kafka: { ...k.spec.kafka, listeners: [...k.spec.kafka.listeners, { name: "nodeport", port: 9095, type: "nodeport", tls: false }] } } }) as Kafka);
  const bridges = examples.filter((o) => o.kind === "KafkaBridge").map((o) => ({ ...o, metadata: { ...o.metadata, namespace: "myproject" } }) as unknown as KubeObject);
  t.ok(bridges.length > 0, "the examples have KafkaBridges");
  const asked = [...kafkas.map(customizeKafka), ...withNodePorts.map(customizeKafka), ...pools.map(customizeKafkaNodePool), ...bridges.map(customizeKafkaBridge)]
    .flatMap((answer) => answer.relatedResources);
  const kinds = new Set(asked.map((rule) => `${rule.resource}.${rule.apiVersion}`));
  t.ok(kinds.has("nodes.v1") && kinds.has("strimzipodsets.core.strimzi.io/v1"), [...kinds].sort().join(" "));
  for (const rule of asked) t.strictSame(missing(rules, rule.apiVersion, rule.resource, RELATED_VERBS), [], `${rule.resource}.${rule.apiVersion}`);
});

t.test("the role follows the controllers: a new child kind is granted, an unknown customize hook is refused (the oracle can fail)", async (t) => {
  const [first, ...others] = controllers;
  if (!first) throw new Error("no controller");
  const withJobs = { ...first, spec: { ...first.spec, childResources: [...first.spec.childResources ?? [], { apiVersion: "batch/v1", resource: "jobs" }] } };
  const rules = metacontrollerGrants([withJobs, ...others]).map((g) => g.rule);
  t.strictSame(missing(rules, "batch/v1", "jobs", CHILD_VERBS), []);
  t.strictSame(missing(rulesOf(role), "batch/v1", "jobs", ["list"]), ["list jobs.batch/v1"]);
  const unknown = { metadata: { name: "other" }, spec: { parentResource: { apiVersion: "example.com/v1", resource: "things" }, hooks: { customize: {} } } };
  t.throws(() => metacontrollerGrants([unknown]), /other: no customize hook of ours serves things.example.com\/v1/);
});

t.test("Metacontroller may hold its leader-election Lease, in its namespace only", async (t) => {
  const lease = theOnly("Role", "metacontroller-leader-election", installed);
  t.equal(lease.metadata?.namespace, "metacontroller");
  t.strictSame(rulesOf(lease), [
    { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
    { apiGroups: ["coordination.k8s.io"], resources: ["leases"], resourceNames: ["metacontroller"], verbs: ["get", "update"] },
  ]);
  const binding = theOnly("RoleBinding", "metacontroller-leader-election", installed) as unknown as { roleRef: unknown; subjects: unknown[] };
  t.strictSame(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "metacontroller-leader-election" });
  t.strictSame(binding.subjects, [{ kind: "ServiceAccount", name: "metacontroller", namespace: "metacontroller" }]);
});

t.test("upstream's role stays available unchanged: leaving the component out installs it", async (t) => {
  t.strictSame(rulesOf(theOnly("ClusterRole", "metacontroller", written)), [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]);
  const [kustomization] = readDocuments(join(repoRoot, "manifests", "kustomization.yaml"));
  t.strictSame((kustomization?.object as { components?: string[] }).components, ["metacontroller-restricted", "metacontroller-least-privilege"]);
});

t.test("Metacontroller's pod and ours meet Pod Security \"restricted\", enforced on both namespaces", async (t) => {
  const metacontroller = theOnly("StatefulSet", "metacontroller", installed) as unknown as IStatefulSet;
  t.strictSame(restrictedViolations(metacontroller.spec?.template.spec), []);
  t.equal(metacontroller.spec?.template.spec?.securityContext?.runAsUser, 65532, "the image's nonroot user");
  const hooks = theOnly("Deployment", "kafka-hooks", installed) as unknown as IDeployment;
  t.strictSame(restrictedViolations(hooks.spec?.template.spec), []);
  for (const name of ["metacontroller", "kafka-hooks"]) {
    t.equal(theOnly("Namespace", name, installed).metadata?.labels?.["pod-security.kubernetes.io/enforce"], "restricted", name);
  }
  const upstream = theOnly("StatefulSet", "metacontroller", written) as unknown as IStatefulSet;
  t.strictSame(restrictedViolations(upstream.spec?.template.spec), [
    "container metacontroller: allowPrivilegeEscalation is not false",
    "container metacontroller: runAsNonRoot is not true",
    "container metacontroller: no RuntimeDefault or Localhost seccomp profile",
    "container metacontroller: capabilities do not drop ALL",
    "container metacontroller: root filesystem is writable",
  ], "upstream's pod does not (the oracle can fail)");
});

t.test("Metacontroller holds every rule of the Entity Operator's Role, so RBAC lets it create the Role and bind it (no escalate or bind)", async (t) => {
  const rules = rulesOf(role);
  for (const rule of ENTITY_OPERATOR_RULES) {
    for (const group of rule.apiGroups ?? []) for (const resource of rule.resources ?? []) {
      t.strictSame(rule.verbs.filter((verb) => !allows(rules, group, resource, verb)), [], `${resource}.${group || "core"}`);
    }
  }
  t.notMatch(JSON.stringify(rules), /escalate|"bind"/);
});

