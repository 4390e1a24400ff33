// A Metacontroller stand-in for tests (not product code). It keeps objects in
// memory, reads our CompositeControllers from metacontroller/*.yaml, and calls
// the real hooks over real HTTP the way Metacontroller 4.17 does. Each rule it
// follows is the Metacontroller behaviour named beside it (docs/TESTING.md);
// a kubelet stand-in makes pods ready.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { ANNOTATION } from "../../lib/labels.js";
import { typeKey, type ObjectsByType } from "../../lib/metacontroller.js";
import { repoRoot } from "./paths.js";

interface ResourceRule { apiVersion: string; resource: string; updateStrategy?: { method: string } }
interface Hook { webhook: { path: string } }
interface CompositeController {
  metadata: { name: string };
  spec: { parentResource: ResourceRule; childResources?: ResourceRule[]; hooks: { customize?: Hook; sync: Hook } };
}
interface RelatedRule { apiVersion: string; resource: string; namespace?: string; labelSelector?: { matchLabels?: Record<string, string> }; names?: string[] }

const KINDS: Record<string, string> = {
  kafkas: "Kafka", kafkanodepools: "KafkaNodePool", strimzipodsets: "StrimziPodSet", pods: "Pod", configmaps: "ConfigMap",
  secrets: "Secret", services: "Service", serviceaccounts: "ServiceAccount", poddisruptionbudgets: "PodDisruptionBudget",
  networkpolicies: "NetworkPolicy", ingresses: "Ingress", routes: "Route", tlsroutes: "TLSRoute", nodes: "Node",
};
const kindOf = (resource: string): string => {
  const kind = KINDS[resource];
  if (!kind) throw new Error(`the stand-in does not know the resource ${resource}`);
  return kind;
};

const keyOf = (o: { apiVersion: string; kind: string; metadata: { namespace?: string; name: string } }): string =>
  `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ""}|${o.metadata.name}`;

type Json = unknown;
const isMap = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Metacontroller's apply: a three-way merge of the last applied object (its
 * annotation), the desired one and the live one. Fields the hook sets win; fields
 * it set before and no longer sets are removed; fields others set are kept.
 * Lists are replaced whole.
 */
function threeWayMerge(live: Json, lastApplied: Json, desired: Json): Json {
  if (!isMap(desired) || !isMap(live)) return structuredClone(desired);
  const result: Record<string, Json> = { ...structuredClone(live) };
  const last = isMap(lastApplied) ? lastApplied : {};
  for (const key of Object.keys(last)) if (!(key in desired)) delete result[key];
  for (const [key, value] of Object.entries(desired)) result[key] = threeWayMerge(live[key], last[key], value);
  return result;
}

export interface StandInOptions {
  /** Base URL of the hooks server. */
  hooks: string;
  /** Pods become ready this many kubelet ticks after they are created (never when undefined for a pod name matched by `neverReady`). */
  readyAfterTicks?: number;
  neverReady?: (pod: KubeObject) => boolean;
  /** A mutating webhook: runs on every create and update of a child. */
  mutate?: (object: KubeObject) => void;
}

export interface SyncRecord { controller: string; parent: string; status: number }

export class MetacontrollerStandIn {
  readonly objects = new Map<string, KubeObject>();
  readonly calls: SyncRecord[] = [];
  /** Writes to children (create, update, delete), by `verb Kind/name`: the flapping detector. */
  readonly writes: string[] = [];
  private readonly controllers: CompositeController[];
  private uid = 0;
  private readonly podAge = new Map<string, number>();

  constructor(private readonly options: StandInOptions) {
    const dir = join(repoRoot, "metacontroller");
    this.controllers = readdirSync(dir).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml")
      .map((f) => yaml.load(readFileSync(join(dir, f), "utf8")) as CompositeController);
  }

  /** What a user's `kubectl apply` does: create, or replace the spec (generation + 1 when it changed). */
  apply(object: KubeObject): void {
    const key = keyOf(object);
    const existing = this.objects.get(key);
    const copy = structuredClone(object);
    if (!existing) {
      copy.metadata = { ...copy.metadata, uid: `uid-${++this.uid}`, generation: 1, resourceVersion: "1" };
    } else {
      const changed = JSON.stringify(existing["spec"]) !== JSON.stringify(copy["spec"]);
      copy.metadata = {
        ...existing.metadata, ...copy.metadata, uid: existing.metadata.uid,
        generation: (existing.metadata.generation ?? 1) + (changed ? 1 : 0),
      };
      if (existing["status"] !== undefined) copy["status"] = existing["status"];
    }
    this.objects.set(key, copy);
  }

  get(apiVersion: string, kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(`${apiVersion}|${kind}|${namespace}|${name}`);
  }

  list(kind: string): KubeObject[] {
    return [...this.objects.values()].filter((o) => o.kind === kind).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** Deleting an object deletes what it owns, transitively (Kubernetes' garbage collector, foreground). */
  delete(object: KubeObject): void {
    this.objects.delete(keyOf(object));
    for (const child of [...this.objects.values()]) {
      if (child.metadata.ownerReferences?.some((r) => r.uid === object.metadata.uid)) this.delete(child);
    }
  }

  private owned(parent: KubeObject, rule: ResourceRule): KubeObject[] {
    const kind = kindOf(rule.resource);
    return [...this.objects.values()].filter((o) => o.kind === kind && o.apiVersion === rule.apiVersion
      && o.metadata.namespace === parent.metadata.namespace
      && o.metadata.ownerReferences?.some((r) => r.controller && r.uid === parent.metadata.uid));
  }

  private async post(path: string, body: object): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${this.options.hooks}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, json: response.status === 200 ? JSON.parse(text) as Record<string, unknown> : {} };
  }

  /** Customize hook: related objects by the returned rules, `namespace` required in v2 (else all namespaces). */
  private related(rules: RelatedRule[]): ObjectsByType {
    const groups: ObjectsByType = {};
    for (const rule of rules) {
      const kind = kindOf(rule.resource);
      const group: Record<string, KubeObject> = (groups[typeKey(kind, rule.apiVersion)] ??= {});
      for (const o of this.objects.values()) {
        if (o.kind !== kind || o.apiVersion !== rule.apiVersion) continue;
        if (rule.namespace && o.metadata.namespace !== rule.namespace) continue;
        if (rule.names && !rule.names.includes(o.metadata.name)) continue;
        const labels = o.metadata.labels ?? {};
        if (rule.labelSelector?.matchLabels && !Object.entries(rule.labelSelector.matchLabels).every(([k, v]) => labels[k] === v)) continue;
        group[`${o.metadata.namespace ?? ""}/${o.metadata.name}`] = o;
      }
    }
    return groups;
  }

  /** One sync of one parent, exactly as Metacontroller runs it. */
  async sync(controller: CompositeController, parent: KubeObject): Promise<number | undefined> {
    const controllerObject = { apiVersion: "metacontroller.k8s.io/v1alpha1", kind: "CompositeController", metadata: controller.metadata, spec: controller.spec };
    let related: ObjectsByType = {};
    if (controller.spec.hooks.customize) {
      const customize = await this.post(controller.spec.hooks.customize.webhook.path, { controller: controllerObject, parent });
      if (customize.status !== 200) return this.record(controller, parent, customize.status);
      related = this.related((customize.json["relatedResources"] ?? []) as RelatedRule[]);
    }
    // Children grouped by "<Kind>.<apiVersion>", keyed "<namespace>/<name>"; every declared type present.
    const children: ObjectsByType = {};
    for (const rule of controller.spec.childResources ?? []) {
      children[typeKey(kindOf(rule.resource), rule.apiVersion)] = Object.fromEntries(
        this.owned(parent, rule).map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, structuredClone(o)]));
    }
    const answer = await this.post(controller.spec.hooks.sync.webhook.path, { controller: controllerObject, parent: structuredClone(parent), children, related, finalizing: false });
    this.record(controller, parent, answer.status);
    // Anything but 200: children and status stay untouched, the sync is retried.
    if (answer.status !== 200) return answer.status;
    this.manageChildren(controller, parent, (answer.json["children"] ?? []) as KubeObject[]);
    // The status is replaced whole, with observedGeneration injected.
    const current = this.objects.get(keyOf(parent));
    if (current) current["status"] = { ...(answer.json["status"] as object), observedGeneration: parent.metadata.generation };
    return answer.status;
  }

  private record(controller: CompositeController, parent: KubeObject, status: number): number {
    this.calls.push({ controller: controller.metadata.name, parent: `${parent.kind}/${parent.metadata.name}`, status });
    return status;
  }

  private manageChildren(controller: CompositeController, parent: KubeObject, desired: KubeObject[]): void {
    const rules = controller.spec.childResources ?? [];
    const wanted = new Map(desired.map((child) => {
      const copy = structuredClone(child);
      copy.metadata.namespace ??= parent.metadata.namespace;
      // generateSelector: the controller-uid label is added to every desired child.
      copy.metadata.labels = { ...copy.metadata.labels, "controller-uid": parent.metadata.uid ?? "" };
      return [keyOf(copy), copy];
    }));
    for (const rule of rules) {
      for (const observed of this.owned(parent, rule)) {
        if (!wanted.has(keyOf(observed))) {
          // A 200 answer deletes every observed child it does not list.
          this.writes.push(`delete ${observed.kind}/${observed.metadata.name}`);
          this.delete(observed);
        }
      }
    }
    for (const [key, child] of wanted) {
      const rule = rules.find((r) => kindOf(r.resource) === child.kind && r.apiVersion === child.apiVersion);
      if (!rule) throw new Error(`${controller.metadata.name} answered a ${child.kind}, which it does not declare`);
      const lastApplied = JSON.stringify(child);
      const live = this.objects.get(key);
      if (!live) {
        const created: KubeObject = {
          ...child,
          metadata: {
            ...child.metadata, uid: `uid-${++this.uid}`, generation: 1, resourceVersion: "1",
            annotations: { ...child.metadata.annotations, [ANNOTATION.lastAppliedByMetacontroller]: lastApplied },
            ownerReferences: [{ apiVersion: parent.apiVersion, kind: parent.kind, name: parent.metadata.name, uid: parent.metadata.uid ?? "", controller: true, blockOwnerDeletion: true }],
          },
        };
        this.options.mutate?.(created);
        this.objects.set(key, created);
        this.writes.push(`create ${child.kind}/${child.metadata.name}`);
        continue;
      }
      // OnDelete: an existing child is never updated; it changes only when someone deletes it.
      if (rule.updateStrategy?.method === "OnDelete") continue;
      const previous = JSON.parse(live.metadata.annotations?.[ANNOTATION.lastAppliedByMetacontroller] ?? "{}") as Json;
      const merged = threeWayMerge(live, previous, { ...child, metadata: { ...child.metadata, annotations: { ...child.metadata.annotations, [ANNOTATION.lastAppliedByMetacontroller]: lastApplied } } }) as KubeObject;
      this.options.mutate?.(merged);
      if (JSON.stringify(merged) !== JSON.stringify(live)) {
        const specChanged = JSON.stringify(merged["spec"]) !== JSON.stringify(live["spec"]);
        merged.metadata.generation = (live.metadata.generation ?? 1) + (specChanged ? 1 : 0);
        this.objects.set(key, merged);
        this.writes.push(`update ${child.kind}/${child.metadata.name}`);
      }
    }
  }

  /** The kubelet: pods become Running and Ready a few ticks after creation. */
  tick(): void {
    for (const pod of this.list("Pod")) {
      const age = (this.podAge.get(pod.metadata.uid ?? "") ?? 0) + 1;
      this.podAge.set(pod.metadata.uid ?? "", age);
      const ready = age > (this.options.readyAfterTicks ?? 1) && !this.options.neverReady?.(pod);
      pod["status"] = { phase: "Running", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] };
    }
  }

  /** Syncs every parent of every controller once; returns the HTTP codes. */
  async syncAll(): Promise<number[]> {
    const codes: number[] = [];
    for (const controller of this.controllers) {
      const kind = kindOf(controller.spec.parentResource.resource);
      for (const parent of this.list(kind).filter((o) => o.apiVersion === controller.spec.parentResource.apiVersion)) {
        const code = await this.sync(controller, parent);
        if (code !== undefined) codes.push(code);
      }
    }
    return codes;
  }

  /** Kubelet ticks and syncs until nothing is written for two rounds in a row, or `rounds` run out. */
  async converge(rounds = 30): Promise<number> {
    let quiet = 0;
    for (let round = 1; round <= rounds; round++) {
      const before = this.writes.length;
      const statuses = JSON.stringify(this.list("Kafka").map((k) => k["status"]));
      this.tick();
      await this.syncAll();
      const settled = this.writes.length === before && statuses === JSON.stringify(this.list("Kafka").map((k) => k["status"]));
      quiet = settled ? quiet + 1 : 0;
      if (quiet >= 2) return round;
    }
    return rounds;
  }
}
