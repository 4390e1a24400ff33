// What Metacontroller may do in the API when it runs our controllers only,
// derived from the CompositeControllers (metacontroller/*.yaml) and from what our
// customize hooks ask for, so the role cannot drift from them. The verbs are
// what Metacontroller 4.17.2 itself calls (pkg/ of its source):
// - parents: informers (list, watch), an uncached get before adopting children,
//   update for its finalizer, and update of the status subresource;
// - children: informers, get and update (adoption, InPlace updates), create,
//   patch (InPlace strips an old last-applied annotation with a JSON patch), delete;
// - related objects: informers only;
// - what the Roles among the children grant (RBAC's escalation check);
// - its own: Composite- and DecoratorControllers and the parent CRDs (read
//   through controller-runtime's cache: list, watch), ControllerRevisions (one
//   set per parent), Namespaces (the customize hooks' namespace informer), and
//   core Events (client-go's recorder creates and patches them).
import yaml from "js-yaml";
import type { Kafka } from "./api/kafka.js";
import { KAFKA_API_VERSION } from "./api/kafka.js";
import type { KubeObject, PolicyRule as RolePolicyRule } from "./api/kubernetes.js";
import { LABEL } from "./labels.js";
import { ENTITY_OPERATOR_RULES } from "./operands/entity-operator/rbac.js";
import type { CustomizeResponse } from "./metacontroller.js";
import { customizeKafka, customizeKafkaBridge, customizeKafkaConnect, customizeKafkaMirrorMaker2, customizeKafkaNodePool } from "./sync/customize.js";

export interface ResourceRef {
  apiVersion: string;
  resource: string;
}

/** The parts of a CompositeController that say what Metacontroller touches. */
export interface CompositeControllerResources {
  metadata: { name: string };
  spec: {
    parentResource: ResourceRef;
    childResources?: ResourceRef[];
    hooks: { customize?: unknown };
  };
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** A rule and the reasons for it, which the generated file prints above it. */
export interface Grant {
  rule: PolicyRule;
  reasons: string[];
}

export const PARENT_VERBS = ["get", "list", "update", "watch"] as const;
export const PARENT_STATUS_VERBS = ["update"] as const;
export const CHILD_VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"] as const;
export const RELATED_VERBS = ["list", "watch"] as const;

/** What Metacontroller needs whichever controllers it runs. */
const OWN_GRANTS: readonly Grant[] = [
  { rule: { apiGroups: ["metacontroller.k8s.io"], resources: ["compositecontrollers", "decoratorcontrollers"], verbs: ["list", "watch"] }, reasons: ["the controllers it runs"] },
  { rule: { apiGroups: ["metacontroller.k8s.io"], resources: ["controllerrevisions"], verbs: ["create", "delete", "get", "list", "update", "watch"] }, reasons: ["the revisions it keeps per parent"] },
  { rule: { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: ["list", "watch"] }, reasons: ["whether a parent's CRD has the status subresource"] },
  { rule: { apiGroups: [""], resources: ["namespaces"], verbs: ["list", "watch"] }, reasons: ["the customize hooks' namespace informer"] },
  { rule: { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] }, reasons: ["its Events on parents and controllers"] },
];

const groupOf = (apiVersion: string): string => apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";

/** A child kind's rule: what the component adding an optional child kind (metacontroller/components/) grants. */
export const childRule = ({ apiVersion, resource }: ResourceRef): PolicyRule => ({
  apiGroups: [groupOf(apiVersion)], resources: [resource], verbs: [...CHILD_VERBS],
});

// A parent for each customize hook that makes it ask for everything it can: node
// port listeners and topology racks (broker pods, Nodes), external logging and
// metrics ConfigMaps. A test checks every example's answer against the result.
const EVERY_RELATED_KAFKA = {
  apiVersion: KAFKA_API_VERSION,
  kind: "Kafka",
  metadata: { name: "any", namespace: "any" },
  spec: {
    kafka: {
      listeners: [{ name: "external", port: 9094, type: "nodeport", tls: true }],
      rack: { topologyKey: "topology.kubernetes.io/zone" },
      logging: { type: "external", valueFrom: { configMapKeyRef: { name: "logging", key: "log4j2.properties" } } },
      metricsConfig: { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: "metrics", key: "metrics.yaml" } } },
    },
  },
} as Kafka;

const EVERY_RELATED_POOL: KubeObject = {
  apiVersion: KAFKA_API_VERSION,
  kind: "KafkaNodePool",
  metadata: { name: "any", namespace: "any", labels: { [LABEL.cluster]: "any" } },
};

const EVERY_RELATED_BRIDGE: KubeObject = {
  apiVersion: KAFKA_API_VERSION,
  kind: "KafkaBridge",
  metadata: { name: "any", namespace: "any" },
  spec: {
    replicas: 1,
    bootstrapServers: "any:9093",
    http: { port: 8080 },
    tls: { trustedCertificates: [{ secretName: "ca", certificate: "ca.crt" }] },
    logging: { type: "external", valueFrom: { configMapKeyRef: { name: "logging", key: "log4j2.properties" } } },
    metricsConfig: { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: "metrics", key: "metrics.yaml" } } },
  },
};

const EVERY_RELATED_CONNECT: KubeObject = {
  ...EVERY_RELATED_BRIDGE,
  kind: "KafkaConnect",
  spec: {
    replicas: 1,
    bootstrapServers: "any:9093",
    groupId: "any",
    configStorageTopic: "any-configs",
    statusStorageTopic: "any-status",
    offsetStorageTopic: "any-offsets",
    tls: { trustedCertificates: [{ secretName: "ca", certificate: "ca.crt" }] },
    logging: { type: "external", valueFrom: { configMapKeyRef: { name: "logging", key: "log4j2.properties" } } },
    metricsConfig: { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: "metrics", key: "metrics.yaml" } } },
  },
};

const EVERY_RELATED_MIRROR_MAKER_2: KubeObject = {
  ...EVERY_RELATED_BRIDGE,
  kind: "KafkaMirrorMaker2",
  spec: {
    replicas: 1,
    target: {
      alias: "target", bootstrapServers: "any:9093", groupId: "any",
      configStorageTopic: "any-configs", statusStorageTopic: "any-status", offsetStorageTopic: "any-offsets",
      tls: { trustedCertificates: [{ secretName: "ca", certificate: "ca.crt" }] },
    },
    mirrors: [{ source: { alias: "source", bootstrapServers: "source:9093" } }],
    logging: { type: "external", valueFrom: { configMapKeyRef: { name: "logging", key: "log4j2.properties" } } },
    metricsConfig: { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: "metrics", key: "metrics.yaml" } } },
  },
};

/** The customize hook of each parent kind we serve, on a parent that asks for every related kind. */
const CUSTOMIZE: Readonly<Record<string, () => CustomizeResponse>> = {
  [`${KAFKA_API_VERSION}/kafkas`]: () => customizeKafka(EVERY_RELATED_KAFKA),
  [`${KAFKA_API_VERSION}/kafkanodepools`]: () => customizeKafkaNodePool(EVERY_RELATED_POOL),
  [`${KAFKA_API_VERSION}/kafkabridges`]: () => customizeKafkaBridge(EVERY_RELATED_BRIDGE),
  [`${KAFKA_API_VERSION}/kafkaconnects`]: () => customizeKafkaConnect(EVERY_RELATED_CONNECT),
  [`${KAFKA_API_VERSION}/kafkamirrormaker2s`]: () => customizeKafkaMirrorMaker2(EVERY_RELATED_MIRROR_MAKER_2),
};

/**
 * The rules of the Roles a controller's hook makes (the Kafka's: the Entity
 * Operator's). RBAC lets Metacontroller create such a Role, and bind it, only
 * while it holds every rule itself; holding them is narrower than `escalate` and
 * `bind`, which would let whoever controls a hook answer grant anything.
 */
const CHILD_ROLE_RULES: Readonly<Record<string, readonly RolePolicyRule[]>> = {
  [`${KAFKA_API_VERSION}/kafkas`]: ENTITY_OPERATOR_RULES,
  // The Connect workers' Role for the Secret config provider (lib/operands/connect/connect.ts), narrowed there to the Secrets it names.
  [`${KAFKA_API_VERSION}/kafkaconnects`]: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
  [`${KAFKA_API_VERSION}/kafkamirrormaker2s`]: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
};

/** The kinds a controller's customize hook may ask for. */
export function relatedResources(controller: CompositeControllerResources): ResourceRef[] {
  if (controller.spec.hooks.customize === undefined) return [];
  const { apiVersion, resource } = controller.spec.parentResource;
  const customize = CUSTOMIZE[`${apiVersion}/${resource}`];
  if (!customize) throw new Error(`${controller.metadata.name}: no customize hook of ours serves ${resource}.${apiVersion}`);
  return customize().relatedResources.map((rule) => ({ apiVersion: rule.apiVersion, resource: rule.resource }));
}

/** One rule per resource our controllers touch, with the union of the verbs each role needs, then Metacontroller's own. */
export function metacontrollerGrants(controllers: readonly CompositeControllerResources[]): Grant[] {
  const byResource = new Map<string, { group: string; resource: string; verbs: Set<string>; reasons: string[] }>();
  const grantInGroup = (group: string, resource: string, verbs: readonly string[], reason: string): void => {
    const key = `${group}/${resource}`;
    const entry = byResource.get(key) ?? { group, resource, verbs: new Set<string>(), reasons: [] };
    for (const verb of verbs) entry.verbs.add(verb);
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    byResource.set(key, entry);
  };
  const grant = (ref: ResourceRef, verbs: readonly string[], reason: string): void => grantInGroup(groupOf(ref.apiVersion), ref.resource, verbs, reason);
  for (const controller of [...controllers].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    const name = controller.metadata.name;
    const parent = controller.spec.parentResource;
    grant(parent, PARENT_VERBS, `parent of ${name}`);
    grant({ apiVersion: parent.apiVersion, resource: `${parent.resource}/status` }, PARENT_STATUS_VERBS, `status of ${name}'s parents`);
    for (const child of controller.spec.childResources ?? []) grant(child, CHILD_VERBS, `child of ${name}`);
    for (const related of relatedResources(controller)) grant(related, RELATED_VERBS, `related to ${name}`);
    for (const rule of CHILD_ROLE_RULES[`${parent.apiVersion}/${parent.resource}`] ?? []) {
      for (const group of rule.apiGroups ?? []) for (const resource of rule.resources ?? []) grantInGroup(group, resource, rule.verbs, `granted by ${name}'s Roles`);
    }
  }
  const ours = [...byResource.values()]
    .sort((a, b) => a.group.localeCompare(b.group) || a.resource.localeCompare(b.resource))
    .map(({ group, resource, verbs, reasons }) => ({ rule: { apiGroups: [group], resources: [resource], verbs: [...verbs].sort() }, reasons }));
  return [...ours, ...OWN_GRANTS];
}

const HEADER = `# Generated by \`make manifests\` from metacontroller/*.yaml and the customize
# hooks (lib/metacontroller-rbac.ts); a test fails while it differs. Upstream's
# ClusterRole lets Metacontroller do anything; this one replaces its rules with
# what our controllers need (a strategic merge patch replaces the list whole).
# Kinds the optional components (metacontroller/components/) add as children
# are granted by those components.
`;

/** manifests/metacontroller-least-privilege/cluster-role.yaml. */
export function metacontrollerClusterRoleFile(controllers: readonly CompositeControllerResources[]): string {
  const rules = metacontrollerGrants(controllers).map(({ rule, reasons }) =>
    `  # ${reasons.join("; ")}\n` + yaml.dump([rule], { flowLevel: 2, lineWidth: -1, quotingType: "\"" }).replace(/^/gm, "  ").trimEnd() + "\n");
  return `${HEADER}apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: metacontroller
rules:
${rules.join("")}`;
}
