// What the API server does to an object on admission, for the kinds the Kafka
// hook applies in place (Deployments and their pod templates, Roles and
// RoleBindings included): defaults from the Kubernetes OpenAPI and the documented
// rules (the apps/v1, core/v1 and rbac/v1 SetDefaults_* functions), quantities
// rewritten to their canonical form, empty values dropped
// (Go's omitempty). A child that comes back different from what the hook sent is
// an endless update for Metacontroller, whose merge replaces lists whole.

import { isDeepStrictEqual } from "node:util";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };
const isMap = (v: Json | undefined): v is JsonMap => typeof v === "object" && v !== null && !Array.isArray(v);

const DECIMAL_SUFFIXES: ReadonlyArray<[string, number]> = [["n", -9], ["u", -6], ["m", -3], ["", 0], ["k", 3], ["M", 6], ["G", 9], ["T", 12], ["P", 15], ["E", 18]];
const BINARY_SUFFIXES: ReadonlyArray<[string, number]> = [["Ki", 1], ["Mi", 2], ["Gi", 3], ["Ti", 4], ["Pi", 5], ["Ei", 6]];
const NANO = 10n ** 9n;

/** A quantity in Kubernetes' canonical form (apimachinery resource.Quantity), for the integer and milli values we emit. */
export function canonicalQuantity(text: string): string {
  const match = /^([+-]?\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(text);
  if (!match) throw new Error(`not a quantity: ${text}`);
  const [, number = "0", suffix = ""] = match;
  const [whole = "0", fraction = ""] = number.split(".");
  const scaledDigits = BigInt(`${whole}${fraction.padEnd(9, "0").slice(0, 9)}`);
  const binary = BINARY_SUFFIXES.find(([s]) => s === suffix);
  const decimal = DECIMAL_SUFFIXES.find(([s]) => s === suffix);
  if (!binary && !decimal) throw new Error(`unknown quantity suffix in ${text}`);
  // value in nano-units
  const nanos = binary ? scaledDigits * 1024n ** BigInt(binary[1]) : decimal && decimal[1] >= 0
    ? scaledDigits * 10n ** BigInt(decimal[1]) : scaledDigits / 10n ** BigInt(-(decimal?.[1] ?? 0));
  if (binary && nanos % NANO === 0n) {
    const units = nanos / NANO;
    for (const [s, power] of [...BINARY_SUFFIXES].reverse()) {
      const unit = 1024n ** BigInt(power);
      if (units >= unit && units % unit === 0n) return `${units / unit}${s}`;
    }
    return String(units);
  }
  for (const [s, exponent] of [...DECIMAL_SUFFIXES].reverse()) {
    const unit = exponent >= -9 ? 10n ** BigInt(exponent + 9) : 1n;
    if (nanos % unit === 0n && (nanos !== 0n || s === "")) return `${nanos / unit}${s}`;
  }
  return `${nanos}n`;
}

function canonicalQuantities(value: Json, key = ""): Json {
  if (Array.isArray(value)) return value.map((v) => canonicalQuantities(v));
  if (!isMap(value)) return value;
  const quantityMap = key === "requests" || key === "limits" || key === "capacity";
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k,
    (quantityMap || k === "sizeLimit" || k === "storage") && typeof v === "string" ? canonicalQuantity(v) : canonicalQuantities(v, k)]));
}

// Map-typed fields are omitempty: an empty map disappears. Empty structs (emptyDir: {}) stay.
const MAP_FIELDS = new Set(["labels", "annotations", "data", "stringData", "matchLabels", "nodeSelector", "selector"]);

function dropEmpty(value: Json, key = ""): Json | undefined {
  if (value === "") return undefined;
  // omitempty leaves out fields, not list items: a Role's `apiGroups: [""]` (the core group) is stored as sent.
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((v) => (v === "" ? v : dropEmpty(v) ?? null));
  if (!isMap(value)) return value;
  const entries = Object.entries(value).flatMap(([k, v]) => {
    const kept = dropEmpty(v, k);
    return kept === undefined ? [] : [[k, kept] as [string, Json]];
  });
  return entries.length === 0 && MAP_FIELDS.has(key) ? undefined : Object.fromEntries(entries);
}

function defaultService(spec: JsonMap): void {
  spec["type"] ??= "ClusterIP";
  spec["sessionAffinity"] ??= "None";
  spec["internalTrafficPolicy"] ??= "Cluster";
  spec["ipFamilyPolicy"] ??= "SingleStack";
  spec["ipFamilies"] ??= ["IPv4"];
  spec["clusterIP"] ??= "10.96.0.10";
  spec["clusterIPs"] ??= [spec["clusterIP"] as string];
  for (const port of (spec["ports"] as JsonMap[] | undefined) ?? []) {
    port["protocol"] ??= "TCP";
    port["targetPort"] ??= port["port"] ?? null;
  }
}

function defaultNetworkPolicy(spec: JsonMap): void {
  spec["policyTypes"] ??= spec["egress"] ? ["Ingress", "Egress"] : ["Ingress"];
  for (const rule of (spec["ingress"] as JsonMap[] | undefined) ?? []) {
    for (const port of (rule["ports"] as JsonMap[] | undefined) ?? []) port["protocol"] ??= "TCP";
  }
}

// Probe and container defaults (core/v1 SetDefaults_Probe, _HTTPGetAction, _Container).
function defaultProbe(probe: Json | undefined): void {
  if (!isMap(probe)) return;
  probe["timeoutSeconds"] ??= 1;
  probe["periodSeconds"] ??= 10;
  probe["successThreshold"] ??= 1;
  probe["failureThreshold"] ??= 3;
  // int32 with omitempty: a zero delay is not stored.
  if (probe["initialDelaySeconds"] === 0) delete probe["initialDelaySeconds"];
  const httpGet = probe["httpGet"];
  if (isMap(httpGet)) {
    httpGet["path"] ??= "/";
    httpGet["scheme"] ??= "HTTP";
  }
}

/** `:latest` or no tag (and no digest) pulls Always, anything else IfNotPresent. */
function defaultPullPolicy(image: string): string {
  const last = image.slice(image.lastIndexOf("/") + 1);
  return !last.includes("@") && (!last.includes(":") || last.endsWith(":latest")) ? "Always" : "IfNotPresent";
}

function defaultContainer(container: JsonMap): void {
  // ResourceRequirements is a struct, not a pointer: an empty one is stored.
  container["resources"] ??= {};
  container["terminationMessagePath"] ??= "/dev/termination-log";
  container["terminationMessagePolicy"] ??= "File";
  container["imagePullPolicy"] ??= defaultPullPolicy(typeof container["image"] === "string" ? container["image"] : "");
  for (const port of (container["ports"] as JsonMap[] | undefined) ?? []) port["protocol"] ??= "TCP";
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) defaultProbe(container[probe]);
  for (const env of (container["env"] as JsonMap[] | undefined) ?? []) {
    const fieldRef = isMap(env["valueFrom"]) ? env["valueFrom"]["fieldRef"] : undefined;
    if (isMap(fieldRef)) fieldRef["apiVersion"] ??= "v1";
  }
}

// Volume sources with a file mode default it to 0644 (core/v1 SetDefaults_*VolumeSource).
const VOLUMES_WITH_MODE = ["secret", "configMap", "projected", "downwardAPI"];

/** core/v1 SetDefaults_PodSpec, and what it defaults inside the pod's lists. */
function defaultPodSpec(spec: JsonMap): void {
  spec["dnsPolicy"] ??= "ClusterFirst";
  spec["restartPolicy"] ??= "Always";
  spec["terminationGracePeriodSeconds"] ??= 30;
  spec["securityContext"] ??= {};
  spec["schedulerName"] ??= "default-scheduler";
  if (typeof spec["serviceAccountName"] === "string") spec["serviceAccount"] ??= spec["serviceAccountName"];
  for (const list of ["containers", "initContainers"]) for (const c of (spec[list] as JsonMap[] | undefined) ?? []) defaultContainer(c);
  for (const volume of (spec["volumes"] as JsonMap[] | undefined) ?? []) {
    for (const source of VOLUMES_WITH_MODE) {
      const value = volume[source];
      if (isMap(value)) value["defaultMode"] ??= 420;
    }
  }
}

/** apps/v1 SetDefaults_Deployment, then the pod template's. */
function defaultDeployment(spec: JsonMap): void {
  spec["replicas"] ??= 1;
  const strategy = isMap(spec["strategy"]) ? spec["strategy"] : (spec["strategy"] = {});
  strategy["type"] ??= "RollingUpdate";
  if (strategy["type"] === "RollingUpdate") {
    const rollingUpdate = isMap(strategy["rollingUpdate"]) ? strategy["rollingUpdate"] : (strategy["rollingUpdate"] = {});
    rollingUpdate["maxUnavailable"] ??= "25%";
    rollingUpdate["maxSurge"] ??= "25%";
  }
  spec["revisionHistoryLimit"] ??= 10;
  spec["progressDeadlineSeconds"] ??= 600;
  const template = spec["template"];
  if (isMap(template) && isMap(template["spec"])) defaultPodSpec(template["spec"]);
}

/** rbac/v1 SetDefaults_Subject: users and groups are RBAC's; a ServiceAccount's API group is the empty core group (omitted). */
function defaultRoleBinding(binding: JsonMap): void {
  for (const subject of (binding["subjects"] as JsonMap[] | undefined) ?? []) {
    if (subject["kind"] === "User" || subject["kind"] === "Group") subject["apiGroup"] ??= "rbac.authorization.k8s.io";
  }
}

/** The object as a GET would return it after a create or update. */
export function admitted(object: object): JsonMap {
  const result = dropEmpty(canonicalQuantities(structuredClone(object) as Json)) as JsonMap;
  const kind = result["kind"];
  const spec = isMap(result["spec"]) ? result["spec"] : undefined;
  if (kind === "Service" && spec) defaultService(spec);
  if (kind === "NetworkPolicy" && spec) defaultNetworkPolicy(spec);
  if (kind === "Secret") result["type"] ??= "Opaque";
  if (kind === "Deployment" && spec) defaultDeployment(spec);
  if (kind === "RoleBinding") defaultRoleBinding(result);
  return result;
}

/**
 * Paths where what was sent differs from what was admitted: a field the sender set
 * must come back equal; a list must come back equal whole (Metacontroller replaces
 * lists); fields only the server set do not matter (the merge keeps them).
 */
export function drift(sent: Json, admittedValue: Json | undefined, path = ""): string[] {
  // Key order is not part of a value: a real server stores custom resources with sorted keys.
  if (Array.isArray(sent)) return isDeepStrictEqual(sent, admittedValue) ? [] : [`${path}: sent ${JSON.stringify(sent).slice(0, 120)}, admitted ${JSON.stringify(admittedValue)?.slice(0, 120)}`];
  if (isMap(sent)) {
    if (!isMap(admittedValue)) return [`${path}: sent an object, admitted ${JSON.stringify(admittedValue)}`];
    return Object.entries(sent).flatMap(([k, v]) => drift(v, admittedValue[k], path ? `${path}.${k}` : k));
  }
  return sent === admittedValue ? [] : [`${path}: sent ${JSON.stringify(sent)}, admitted ${JSON.stringify(admittedValue)}`];
}
