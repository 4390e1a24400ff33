// Every field of our Kafka and KafkaNodePool schemas is either acted on or warned
// about. Found mechanically: for every leaf of the schemas (and, below a tagged
// union such as a storage's `type`, for every variant), a valid value is set on a
// Strimzi example and the Kafka sync runs. The field is read when the answer
// differs from the same resource without it (or, where it cannot be left out,
// with another value) and is not a refusal of some other field; otherwise the
// status must carry a Warning naming it (IgnoredField: or a part it is in).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { kafkaSchema } from "../../lib/api/schemas/kafka.js";
import { kafkaNodePoolSchema } from "../../lib/api/schemas/kafka-nodepool.js";
import { createCertificateAuthority } from "../../lib/pki/certificate-authority.js";
import { issueNodeCertificate } from "../../lib/pki/end-entity.js";
import { fixedKeyPairSource } from "../../lib/pki/keys.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { OPTIONAL_CHILD_COMPONENTS } from "../../lib/sync/child-types.js";
import { firstSyncRequests } from "../../lib/sync/first-sync-request.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { fixtureKeys } from "../helpers/keys.js";
import { repoRoot } from "../helpers/paths.js";
import { NAMESPACE, readExample, testEnvironment } from "../helpers/requests.js";

/** The JSON Schema keywords the walk reads (our schemas are plain JSON Schema values). */
interface Node {
  type?: string | readonly string[];
  properties?: Readonly<Record<string, Node>>;
  required?: readonly string[];
  items?: Node;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  default?: unknown;
  additionalProperties?: Node;
  allOf?: ReadonlyArray<{ if: { properties: Readonly<Record<string, { enum: readonly string[] }>> }; then: { required: readonly string[] }; else?: { required: readonly string[] } }>;
  "x-kubernetes-preserve-unknown-fields"?: true;
}

/** Parts of the spec no code reads, on purpose, and why; they are not probed. */
const NOT_PROBED: Record<string, string> = {
  "spec.cruiseControl": "the probed cluster has one broker and Cruise Control needs two, so every probe would be refused; test/operands/cruise-control.test.ts checks what its fields change",
  "spec.roles": "the probed cluster's one pool needs both its roles; test/model and test/sync change roles",
};

/**
 * Fields the probe cannot see read in the Kafka hook's answer, where they are read instead: the
 * test checks that the file names the field, and that the probe indeed sees nothing (so that an
 * entry goes once the answer shows the field).
 */
const READ_ELSEWHERE: Record<string, { file: string; why: string }> = {
  "spec.clusterCa.generateSecretOwnerReference": { file: "lib/certificates/retained-cas.ts", why: "the sidecar keeps copies of the CA Secrets that outlive the Kafka" },
  "spec.clientsCa.generateSecretOwnerReference": { file: "lib/certificates/retained-cas.ts", why: "as for the cluster CA" },
  "spec.clusterCa.renewalDays": { file: "lib/certificates/certificate-authorities.ts", why: "matters only once a certificate nears its end; test/certificates renews" },
  "spec.clusterCa.certificateExpirationPolicy": { file: "lib/certificates/certificate-authorities.ts", why: "matters only at renewal; test/certificates replaces keys" },
  "spec.clientsCa.certificateExpirationPolicy": { file: "lib/certificates/certificate-authorities.ts", why: "as for the cluster CA" },
  "spec.kafka.template.persistentVolumeClaim.metadata.labels": { file: "lib/volumes/desired-claims.ts", why: "the sidecar creates the claims" },
  "spec.kafka.template.persistentVolumeClaim.metadata.annotations": { file: "lib/volumes/desired-claims.ts", why: "the sidecar creates the claims" },
  "spec.template.persistentVolumeClaim.metadata.labels": { file: "lib/volumes/desired-claims.ts", why: "the sidecar creates the claims" },
  "spec.template.persistentVolumeClaim.metadata.annotations": { file: "lib/volumes/desired-claims.ts", why: "the sidecar creates the claims" },
  ...Object.fromEntries(["size", "class", "selector", "deleteClaim", "volumeAttributesClass"].flatMap((field) => [
    `spec.storage.${field} (spec.storage.type=persistent-claim)`,
    `spec.storage.volumes[].${field} (spec.storage.type=jbod, spec.storage.volumes[].type=persistent-claim)`,
  ].map((probe) => [probe, { file: field === "deleteClaim" ? "lib/volumes/claim-plan.ts" : "lib/model/storage.ts", why: "the sidecar creates, grows and deletes the claims" }]))),
};

/**
 * Values the generic choice cannot make valid, by schema path. Everything else gets
 * the first enum value or a sample of its type that differs from what is there.
 */
const SAMPLES: Record<string, unknown> = {
  // Levels other than Strimzi's three are info, the default; offsets of all partitions are shown by default.
  "spec.kafkaExporter.logging": "debug",
  "spec.kafkaExporter.showAllOffsets": false,
  // A Deployment's pods get ClusterFirst, the first value, when the template names none.
  "spec.kafkaExporter.template.pod.dnsPolicy": "Default",
  "spec.kafka.listeners[].name": "probe",
  "spec.kafka.listeners[].port": 9200,
  "spec.kafka.listeners[].type": "cluster-ip",
  "spec.kafka.rack.type": "environment-variable",
  "spec.kafka.version": "4.2.0",
  "spec.kafka.metadataVersion": "4.2-IV1",
  "spec.kafka.jvmOptions.-Xmx": "1g",
  "spec.kafka.jvmOptions.-Xms": "512m",
  "spec.jvmOptions.-Xmx": "1g",
  "spec.entityOperator.topicOperator.jvmOptions.-Xmx": "1g",
  "spec.entityOperator.topicOperator.jvmOptions.-Xms": "512m",
  "spec.entityOperator.userOperator.jvmOptions.-Xmx": "1g",
  "spec.entityOperator.userOperator.jvmOptions.-Xms": "512m",
  "spec.jvmOptions.-Xms": "512m",
  "spec.kafka.template.pod.tmpDirSizeLimit": "10Mi",
  "spec.template.pod.tmpDirSizeLimit": "10Mi",
  "spec.kafka.template.podDisruptionBudget.maxUnavailable": 0,
  "spec.kafka.listeners[].configuration.brokers[].broker": 0,
  "spec.kafka.listeners[].configuration.createBootstrapService": false,
  "spec.kafka.listeners[].configuration.bootstrap.nodePort": 32100,
  "spec.kafka.listeners[].configuration.brokers[].nodePort": 32101,
  "spec.kafka.listeners[].configuration.ipFamilies[]": "IPv6",
  "spec.replicas": 4,
};

const FREE_FORM_SAMPLE = { "probe.example.com/key": "value" };

type Segment = string | 0;
interface Probe {
  /** The field as the schema names it: `spec.kafka.listeners[].type`. */
  field: string;
  /** The same field as the status names it: `spec.kafka.listeners[0].type`. */
  path: string;
  segments: Segment[];
  /** Tags chosen for the unions on the way, by the segments of their object. */
  tags: Array<{ at: Segment[]; value: string }>;
  schemas: Node[];
  /** A union's variant, set as a whole object. */
  whole?: boolean;
}

/**
 * Tagged unions whose tags are not all probed: a listener is one Strimzi class whose options its
 * ListenersValidator polices per type (test/listeners covers each type), and a load balancer, node
 * port, route, ingress or tlsroute listener stays out of server.properties until Kubernetes gives
 * its addresses, so a probe of its options could see nothing either way.
 */
const TAGS_NOT_PROBED: Record<string, string> = { "spec.kafka.listeners[]": "internal" };

const isTagged = (node: Node, field: string): boolean => !(field in TAGS_NOT_PROBED) && !!node.properties?.type?.enum && !!node.required?.includes("type");
const pathOf = (segments: readonly Segment[]): string => segments.map((s, i) => (s === 0 ? "[0]" : i === 0 ? s : `.${s}`)).join("");
const fieldOf = (segments: readonly Segment[]): string => pathOf(segments).replaceAll("[0]", "[]");

function probesOf(node: Node, segments: Segment[], schemas: Node[], tags: Probe["tags"]): Probe[] {
  const field = fieldOf(segments);
  if (field in NOT_PROBED) return [];
  const here = [...schemas, node];
  if (node.type === "array" && node.items) return probesOf(node.items, [...segments, 0], here, tags);
  if (node.properties && !node["x-kubernetes-preserve-unknown-fields"]) {
    const variants = isTagged(node, field) ? node.properties.type?.enum ?? [] : [undefined];
    return variants.flatMap((tag) => {
      const fields = Object.entries(node.properties ?? {}).flatMap(([name, child]) => {
        if (tag !== undefined && name === "type") return [];
        return probesOf(child, [...segments, name], here, tag === undefined ? tags : [...tags, { at: segments, value: tag }]);
      });
      // The tag itself: the variant, with what it requires, against no such object at all.
      return tag === undefined ? fields : [{ field: `${field}=${tag}`, path: pathOf(segments), segments, tags: [...tags, { at: segments, value: tag }], schemas: here, whole: true }, ...fields];
    });
  }
  return [{ field, path: pathOf(segments), segments, tags, schemas: here }];
}

/** A valid value of a schema node that differs from `current` and from its default. */
function sample(field: string, node: Node, current: unknown): unknown {
  const taken = (v: unknown) => v === current || v === node.default;
  if (field in SAMPLES && !taken(SAMPLES[field])) return SAMPLES[field];
  if (node.enum) return node.enum.find((v) => !taken(v)) ?? node.enum[0];
  if (node["x-kubernetes-preserve-unknown-fields"] || node.additionalProperties) return FREE_FORM_SAMPLE;
  switch (Array.isArray(node.type) ? node.type[0] : node.type) {
    case "boolean": return !(current ?? node.default ?? false);
    case "integer":
    case "number": {
      const low = node.minimum ?? 0;
      return [low + 1, low + 2, low].find((v) => !taken(v) && (node.maximum === undefined || v <= node.maximum));
    }
    case "object": return {};
    default: return taken("probe-value") ? "other-value" : "probe-value";
  }
}

/**
 * What an object needs beyond its schema to be accepted, by schema path (and `=<tag>` for a
 * variant): the checks the hooks make in code, as Strimzi's operator does.
 */
const NEEDS: Record<string, Record<string, unknown>> = {
  // A broker's entry with a setting, so that its id means something.
  "spec.kafka.listeners[].configuration.brokers[]": { advertisedHost: "broker.example.com" },
  "spec.kafka.rack": { envVarName: "MY_ZONE" },
  "spec.kafka.listeners[].configuration.brokerCertChainAndKey": { secretName: "my-listener-cert", certificate: "tls.crt", key: "tls.key" },
  "spec.storage=persistent-claim": { size: "10Gi" },
  "spec.storage=jbod": { volumes: [{ id: 0, type: "persistent-claim", size: "10Gi" }] },
  "spec.storage.volumes[]=persistent-claim": { id: 2, size: "10Gi" },
  "spec.storage.volumes[]=ephemeral": { id: 2 },
  "spec.kafka.logging=external": { valueFrom: { configMapKeyRef: { name: "my-logging", key: "log4j2.properties" } } },
  "spec.kafka.logging.valueFrom": { configMapKeyRef: { name: "my-logging", key: "log4j2.properties" } },
  "spec.kafka.logging.valueFrom.configMapKeyRef": { name: "my-logging", key: "log4j2.properties" },
  "spec.kafka.metricsConfig=jmxPrometheusExporter": { valueFrom: { configMapKeyRef: { name: "my-metrics", key: "metrics.yaml" } } },
  "spec.kafka.metricsConfig.valueFrom": { configMapKeyRef: { name: "my-metrics", key: "metrics.yaml" } },
  "spec.kafka.metricsConfig.valueFrom.configMapKeyRef": { name: "my-metrics", key: "metrics.yaml" },
  "spec.kafka.tieredStorage=custom": { remoteStorageManager: { className: "com.example.Rsm" } },
  "spec.kafka.tieredStorage.remoteStorageManager": { className: "com.example.Rsm" },
  // A system property needs both (lib/model/jvm-options.ts).
  "spec.kafka.jvmOptions.javaSystemProperties[]": { name: "probe.property", value: "probe" },
  "spec.jvmOptions.javaSystemProperties[]": { name: "probe.property", value: "probe" },
};

type JsonObject = Record<string | number, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null;

/** An object of a schema with what it requires set (for `tag`, its variant's), so that a field can be set inside it. */
function minimal(field: string, node: Node, tag?: string): unknown {
  if (node.type === "array") return node.minItems ? [minimal(`${field}[]`, node.items ?? {})] : [];
  if (!node.properties) return sample(field, node, undefined);
  const tagged = tag ?? (isTagged(node, field) ? node.properties.type?.enum?.[0] : undefined);
  // Fields a tag requires (`valueFrom` of external logging), or its absence (a rack's topologyKey), as the schema's rules say.
  const conditional = (node.allOf ?? []).flatMap((rule) =>
    (tagged !== undefined && rule.if.properties.type?.enum.includes(tagged) ? rule.then.required : rule.else?.required ?? []));
  const object = Object.fromEntries([...(node.required ?? []), ...conditional].map((name) => [name, minimal(`${field}.${name}`, node.properties?.[name] ?? {})]));
  return { ...object, ...structuredClone(NEEDS[field]), ...structuredClone(NEEDS[`${field}=${tagged}`]), ...(tagged === undefined ? {} : { type: tagged }) };
}

/**
 * The probe's resource with its field set (`withField`), or without it. A field its object
 * cannot do without (a listener's `port`, an existing list's first item) is not removed but
 * given another value; what the walk created and left empty is removed again.
 */
function edited(root: KubeObject, probe: Probe, withField: boolean): KubeObject {
  const copy = structuredClone(root) as unknown as JsonObject;
  const tagAt = (i: number) => probe.tags.find((tg) => pathOf(tg.at) === pathOf(probe.segments.slice(0, i + 1)))?.value;
  const created: Array<{ parent: JsonObject; key: string | number }> = [];
  let container: JsonObject = copy;
  probe.segments.slice(0, -1).forEach((segment, i) => {
    const node = probe.schemas[i + 1] ?? {};
    const tag = tagAt(i);
    const existing = container[segment];
    // An object of another variant is replaced by the least of this one: its fields mean nothing here.
    if (existing === undefined || (tag !== undefined && isObject(existing) && existing.type !== tag)) {
      container[segment] = node.type === "array" ? [] : minimal(fieldOf(probe.segments.slice(0, i + 1)), node, tag);
      if (existing === undefined) created.push({ parent: container, key: segment });
    }
    const next = container[segment];
    if (isObject(next)) container = next;
  });
  const last = probe.segments.length - 1;
  const key = probe.segments[last] ?? "";
  const node = probe.schemas[last + 1] ?? {};
  const current = container[key];
  const parentNode = probe.schemas[last] ?? {};
  const parentTag = tagAt(last - 1) ?? (typeof container.type === "string" ? container.type : undefined);
  const required = current !== undefined
    && (Array.isArray(container) || key in (minimal(fieldOf(probe.segments.slice(0, last)), parentNode, parentTag) as JsonObject));
  if (withField) {
    container[key] = probe.whole ? minimal(probe.field.replace(/=.*$/, ""), node, tagAt(last)) : sample(probe.field, node, required ? current : undefined);
  } else if (!required) {
    if (Array.isArray(container)) container.splice(0, 1);
    else delete container[key];
    for (const { parent, key: at } of created.reverse()) {
      const value = parent[at];
      if ((Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0)) delete parent[at];
    }
  }
  return copy as unknown as KubeObject;
}

// One node, both roles: the smallest cluster whose answer shows every part. Its TLS listener comes
// first, so that options probed on listener [0] (authentication, certificates) have TLS under them;
// listeners of the kinds with objects of their own follow, so that their templates show.
const EXAMPLE = "kafka/kafka-single-node.yaml";
const objects = readExample(EXAMPLE);
for (const o of objects) {
  const listeners = (o.spec as { kafka?: { listeners?: unknown[] } } | undefined)?.kafka?.listeners;
  // Kafka Exporter runs, so that a field probed in it changes its objects, not whether it has any.
  if (o.kind === "Kafka") (o.spec as { kafkaExporter?: object }).kafkaExporter = {};
  if (o.kind === "Kafka" && listeners) {
    listeners.reverse();
    listeners.push(
      { name: "cip", port: 9094, type: "cluster-ip", tls: false },
      { name: "rt", port: 9095, type: "route", tls: true },
      { name: "ing", port: 9096, type: "ingress", tls: true, configuration: { bootstrap: { host: "bootstrap.example.com" }, hostTemplate: "broker-{nodeId}.example.com" } },
    );
  }
}
const [first] = firstSyncRequests(objects, NAMESPACE, [...OPTIONAL_CHILD_COMPONENTS.values()]);
if (!first) throw new Error(`${EXAMPLE} has no Kafka`);
// Its pool's JBOD gets a second volume, listed first: a field probed on volume [0] then has another beside it.
const pool = Object.values(first.related["KafkaNodePool.kafka.strimzi.io/v1"] ?? {})[0];
const volumes = (pool?.spec as { storage?: { volumes?: Array<Record<string, unknown>> } } | undefined)?.storage?.volumes;
if (!volumes) throw new Error(`${EXAMPLE}'s pool has no JBOD volumes`);
volumes.unshift({ id: 1, type: "persistent-claim", size: "10Gi" });
// The listener certificate Secret the probes name, so that its keys are looked up.
const keys = fixedKeyPairSource(fixtureKeys.slice(2));
const listenerCa = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 0, validityDays: 365 }, keys, testEnvironment());
const listenerKey = keys();
const listenerCertificate = issueNodeCertificate(listenerCa, { clusterName: "probe", dnsNames: ["bootstrap.example.com"], ipAddresses: [], validityDays: 90, privateKeyPem: listenerKey }, testEnvironment());
first.related["Secret.v1"] = {
  ...first.related["Secret.v1"],
  [`${NAMESPACE}/my-listener-cert`]: {
    apiVersion: "v1", kind: "Secret", metadata: { name: "my-listener-cert", namespace: NAMESPACE },
    data: { "tls.crt": Buffer.from(`${listenerCertificate}${listenerCa.certificatePem}`).toString("base64"), "tls.key": Buffer.from(listenerKey).toString("base64") },
  } as KubeObject,
};
// The external logging and metrics ConfigMaps the probes name, so that their keys are looked up.
first.related["ConfigMap.v1"] = {
  [`${NAMESPACE}/my-logging`]: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "my-logging", namespace: NAMESPACE }, data: { "log4j2.properties": "rootLogger.level=DEBUG" } } as KubeObject,
  [`${NAMESPACE}/my-metrics`]: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "my-metrics", namespace: NAMESPACE }, data: { "metrics.yaml": "lowercaseOutputName: true" } } as KubeObject,
};
const base: SyncRequest = first;
const POOLS = "KafkaNodePool.kafka.strimzi.io/v1";
const poolKey = Object.keys(base.related[POOLS] ?? {})[0] ?? "";
const poolName = poolKey.split("/")[1] ?? "";

type Resource = "Kafka" | "KafkaNodePool";
function requestWith(resource: Resource, object: KubeObject): SyncRequest {
  if (resource === "Kafka") return { ...base, parent: object };
  return { ...base, related: { ...base.related, [POOLS]: { ...base.related[POOLS], [poolKey]: object } } };
}
const resourceOf = (resource: Resource): KubeObject => (resource === "Kafka" ? base.parent : (base.related[POOLS]?.[poolKey] as KubeObject));

const answerOf = (request: SyncRequest) => syncKafka(request, testEnvironment());
type Answer = ReturnType<typeof answerOf>;
const conditionsOf = (answer: Answer) => answer.status.conditions ?? [];
const refused = (answer: Answer) => conditionsOf(answer).some((c) => c.type === "NotReady" && c.status === "True" && c.reason !== "PodsNotReady" && c.reason !== "IssuingCertificates" && c.reason !== "ListenerAddressesPending");

/** The path or one of its ancestors named in a message (`<path>: ...`, `<path>` followed by a separator). */
function names(message: string | undefined, path: string, prefix: string): boolean {
  if (!message) return false;
  if (message.includes(`${prefix}${path}.`) || message.includes(`${prefix}${path}[`)) return true;
  const parts = path.split(/(?=[.[])/);
  return parts.some((_, i) => {
    const at = prefix + parts.slice(0, i + 1).join("");
    const found = message.indexOf(at);
    return found >= 0 && /^($|[:;,\s])/.test(message.slice(found + at.length));
  });
}

type Verdict = "read" | "warned" | "refused, naming it" | "unread" | "variant refused" | "variant at its least is the default";
interface Judged { probe: Probe; verdict: Verdict; detail?: string }

function judge(resource: Resource, probes: Probe[]): Judged[] {
  const prefix = resource === "Kafka" ? "" : `KafkaNodePool/${poolName} `;
  // The same resource without the field (with the containers and tags on the way), answered once for its siblings.
  const withoutField = new Map<string, Answer>();
  return probes.map((probe) => {
    const without = edited(resourceOf(resource), probe, false);
    const key = JSON.stringify(without);
    const variant = withoutField.get(key) ?? answerOf(requestWith(resource, without));
    withoutField.set(key, variant);
    const answer = answerOf(requestWith(resource, edited(resourceOf(resource), probe, true)));
    const unknown = conditionsOf(answer).find((c) => c.reason === "UnknownFields");
    if (unknown) return { probe, verdict: "unread", detail: `the probe is not valid: ${unknown.message}` };
    if (refused(variant)) return { probe, verdict: "variant refused", detail: conditionsOf(variant).find((c) => c.type === "NotReady")?.message };
    if (refused(answer)) {
      const refusal = conditionsOf(answer).find((c) => c.type === "NotReady");
      return names(refusal?.message, probe.path, prefix) ? { probe, verdict: "refused, naming it" } : { probe, verdict: "unread", detail: `refused for another field: ${refusal?.message}` };
    }
    // A Warning naming the field, or IgnoredField naming a part of the spec it is in.
    const warned = conditionsOf(answer).some((c) => c.type === "Warning"
      && (c.message?.includes(`${prefix}${probe.path}:`) || (c.reason === "IgnoredField" && names(c.message, probe.path, prefix))));
    if (warned) return { probe, verdict: "warned" };
    const same = JSON.stringify(answer.children) === JSON.stringify(variant.children)
      && JSON.stringify(answer.status) === JSON.stringify(variant.status);
    // `{type: inline}` logging or `{type: kafka}` quotas alone mean what no such object means.
    if (same && probe.whole) return { probe, verdict: "variant at its least is the default" };
    return same ? { probe, verdict: "unread" } : { probe, verdict: "read" };
  });
}

const label = (j: Judged): string => `${j.probe.field}${j.probe.tags.length > 0 ? ` (${j.probe.tags.map((tg) => `${fieldOf(tg.at)}.type=${tg.value}`).join(", ")})` : ""}`;

for (const [resource, schema] of [["Kafka", kafkaSchema], ["KafkaNodePool", kafkaNodePoolSchema]] as const) {
  t.test(`every ${resource} field is acted on or warned about`, async (t) => {
    const spec = (schema as Node).properties?.spec;
    if (!spec) throw new Error("schema without spec");
    const judged = judge(resource, probesOf(spec, ["spec"], [schema as Node], []));
    t.ok(judged.length >= (resource === "Kafka" ? 170 : 100), `${judged.length} probes`);
    const elsewhere = judged.filter((j) => label(j) in READ_ELSEWHERE);
    t.strictSame(elsewhere.filter((j) => j.verdict !== "unread").map(label), [], "fields read elsewhere that the answer shows after all");
    for (const j of elsewhere) {
      const entry = READ_ELSEWHERE[label(j)];
      const name = j.probe.field.replace(/\[\]$/, "").split(".").filter((n) => !["metadata", "labels", "annotations"].includes(n)).pop() ?? "";
      t.ok(entry && readFileSync(join(repoRoot, entry.file), "utf8").includes(name), `${label(j)} is read in ${entry?.file}`);
    }
    // A probe whose resource without the field is refused judges nothing: it fails too, until the probe is made valid.
    const blind = (j: Judged) => j.verdict === "variant refused" || (j.verdict === "unread" && !(label(j) in READ_ELSEWHERE));
    t.strictSame(judged.filter(blind).map((j) => `${label(j)}${j.detail ? `: ${j.detail}` : ""}`), [], "fields nothing reads or warns about");
    t.comment(`${resource}: ${(["read", "warned", "refused, naming it", "variant at its least is the default"] as const).map((v) => `${judged.filter((j) => j.verdict === v).length} ${v}`).join(", ")}`);
  });
}

t.test("the oracle: a field nothing reads is found; a warned one and a read one are not", async (t) => {
  const schema: Node = { type: "object", properties: { kafka: { type: "object", properties: {
    notReadByAnything: { type: "string" },
    template: { type: "object", properties: { jmxSecret: { type: "object", properties: { metadata: { type: "object", properties: { labels: { type: "object", additionalProperties: { type: "string" } } } } } } } },
    config: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
  } } } };
  const judged = judge("Kafka", probesOf(schema, ["spec"], [{ type: "object", properties: { spec: schema } }], []));
  t.strictSame(judged.map((j) => [j.probe.field, j.verdict]), [
    ["spec.kafka.notReadByAnything", "unread"],
    ["spec.kafka.template.jmxSecret.metadata.labels", "warned"],
    ["spec.kafka.config", "read"],
  ]);
});
