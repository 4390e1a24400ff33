// One fuzz case against the real Kafka hook server: either a path of valid edits
// of an existing cluster (edit, answer, observe, a few steps deep, with Kafka
// sometimes confirming the brokers the hook holds), or one random invalid
// mutation. Every 200 answer goes through the data-loss oracle; a schema-valid
// parent must get a 200.
import type { FastifyInstance } from "fastify";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { nextRequest } from "../helpers/observe.js";
import { dataLosses } from "./data-loss-oracle.js";
import { mutate, type Json } from "./mutations.js";
import { applyValidEdits, replayEdit, schemaProblems, type AppliedEdit } from "./valid-edits.js";

export interface Cluster {
  example: string;
  request: SyncRequest;
}

export interface Answer {
  status: { conditions?: Array<{ type?: string; reason?: string; message?: string }> };
  children: KubeObject[];
}

/** A failure, with what makes it one of a class (the kind of loss or error, and what was edited). */
export interface Failure {
  class: string;
  /** The whole path of the case, enough to replay it. */
  description: string;
  steps: number;
}

export interface CaseOutcome {
  valid: boolean;
  codes: number[];
  /** First condition of each 200 answer. */
  reasons: string[];
  failures: Failure[];
}

const PODSETS = "StrimziPodSet.core.strimzi.io/v1";

/**
 * What the sidecar does once Kafka says held brokers host no replicas: it names
 * them in `kafka-hooks.io/removable-brokers` on their PodSet, seen by the next sync.
 */
function confirmHeldBrokers(request: SyncRequest, random: () => number): string[] {
  const confirmed: string[] = [];
  for (const podSet of Object.values(request.children[PODSETS] ?? {}) as StrimziPodSet[]) {
    const held = podSet.metadata.annotations?.["kafka-hooks.io/brokers-to-remove"];
    if (held === undefined || random() < 0.5) continue;
    podSet.metadata.annotations = { ...podSet.metadata.annotations, "kafka-hooks.io/removable-brokers": held };
    confirmed.push(`Kafka confirms ${podSet.metadata.name} [${held}] empty`);
  }
  return confirmed;
}

async function send(app: FastifyInstance, request: SyncRequest): Promise<{ code: number; body: string }> {
  const response = await app.inject({ method: "POST", url: "/kafka/sync", payload: request });
  return { code: response.statusCode, body: response.body };
}

function malformed(answer: Answer): boolean {
  return typeof answer.status !== "object" || answer.status === null || !Array.isArray(answer.children)
    || answer.children.some((c) => !c?.apiVersion || !c.kind || !c.metadata?.name);
}

/** What is wrong with an answer to a valid request, one entry per kind of failure. */
interface Verdict {
  what: string;
  detail: string;
}

async function judge(app: FastifyInstance, request: SyncRequest): Promise<{ verdicts: Verdict[]; code?: number; answer?: Answer }> {
  const problems = schemaProblems(request);
  if (problems.length > 0) return { verdicts: [{ what: "fuzzer made an invalid edit", detail: problems.join("; ") }] };
  const { code, body } = await send(app, request);
  if (code !== 200) return { code, verdicts: [{ what: `HTTP ${code}`, detail: body.slice(0, 300) }] };
  const answer = JSON.parse(body) as Answer;
  if (malformed(answer)) return { code, verdicts: [{ what: "malformed answer", detail: body.slice(0, 300) }] };
  const first = answer.status.conditions?.[0];
  const condition = `(condition: ${first?.reason ?? "none"} ${first?.message?.slice(0, 200) ?? ""})`;
  const losses = dataLosses(request, answer.children);
  const verdicts = [...new Set(losses.map((l) => l.kind))].map((kind) => ({
    what: kind,
    detail: `${losses.filter((l) => l.kind === kind).map((l) => l.detail).join(", ")} ${condition}`,
  }));
  return { code, answer, verdicts };
}

/** What a step edits: the Kafka and its pools; the observed children are left as they are. */
type Edited = Pick<SyncRequest, "parent" | "related">;

/** A copy to edit: the Kafka and pools copied, the observed children shared. */
const editable = (request: SyncRequest): SyncRequest => ({ ...request, ...(structuredClone({ parent: request.parent, related: request.related }) as Edited) });

/**
 * What a run learnt from shrinking: the class each class of unshrunk failure
 * (the loss after the kinds of edit of its step) shrank to, so that each is
 * shrunk once; and how many more it may shrink, so that a failing run still
 * ends in time.
 */
export interface ShrinkMemo {
  classes: Map<string, string>;
  left: number;
}

/**
 * The smallest cause of a failure at some step, for its class: one edit of the
 * step alone on the settled cluster; else the earlier steps alone (a resync:
 * Kafka's confirmation, or an edit refused then and accepted now); else one
 * edit alone after the earlier steps. Undefined when none reproduces it.
 */
async function shrink(app: FastifyInstance, cluster: Cluster, before: SyncRequest, edits: readonly AppliedEdit[], earlier: readonly string[], failed: Verdict): Promise<Failure | undefined> {
  const reproduces = async (request: SyncRequest): Promise<Verdict | undefined> => (await judge(app, request)).verdicts.find((v) => v.what === failed.what);
  const failure = (cause: string, path: readonly string[], detail: string): Failure => ({
    class: `${failed.what} after ${cause}`, description: `${cluster.example}: ${path.join(" | ")}: ${detail}`, steps: path.length,
  });
  const stepNumber = earlier.filter((p) => p.startsWith("step")).length + 1;
  for (const edit of edits) {
    const request = editable(cluster.request);
    const description = replayEdit(request, edit);
    const same = description ? await reproduces(request) : undefined;
    if (description && same) return failure(edit.kind, [`step 1: ${description}`], same.detail);
  }
  if (earlier.length === 0) return undefined;
  if (edits.length > 0) {
    const same = await reproduces(before);
    if (same) return failure("earlier steps, on a resync", [...earlier, `step ${stepNumber}: resync`], same.detail);
  }
  for (const edit of edits) {
    const request = editable(before);
    const description = replayEdit(request, edit);
    const same = description ? await reproduces(request) : undefined;
    if (description && same) return failure(`${edit.kind} (after earlier steps)`, [...earlier, `step ${stepNumber}: ${description}`], same.detail);
  }
  return undefined;
}

/** A path of valid edits, a few answers deep. */
export async function validEditCase(app: FastifyInstance, cluster: Cluster, random: () => number, memo: ShrinkMemo): Promise<CaseOutcome> {
  const outcome: CaseOutcome = { valid: true, codes: [], reasons: [], failures: [] };
  const path: string[] = [];
  let request = structuredClone(cluster.request);
  const steps = 1 + Math.floor(random() * 4);
  for (let step = 0; step < steps; step++) {
    const before = editable(request);
    const earlier = [...path];
    const edits = step === 0 || random() < 0.7 ? applyValidEdits(request, random) : [];
    path.push(`step ${step + 1}: ${edits.length > 0 ? edits.map((e) => e.description).join("; ") : "resync"}`);
    const { verdicts, code, answer } = await judge(app, request);
    if (code !== undefined) outcome.codes.push(code);
    for (const verdict of verdicts) {
      const kinds = [...new Set(edits.map((e) => e.kind))].sort().join(" + ") || "resync";
      const unshrunk: Failure = {
        class: `${verdict.what} after ${step > 0 && kinds === "resync" ? "earlier steps, on a resync" : kinds}${step > 0 && kinds !== "resync" ? " (after earlier steps)" : ""}`,
        description: `${cluster.example}: ${path.join(" | ")}: ${verdict.detail}`,
        steps: step + 1,
      };
      const known = memo.classes.get(unshrunk.class);
      if (known !== undefined || memo.left <= 0) {
        outcome.failures.push({ ...unshrunk, class: known ?? unshrunk.class });
        continue;
      }
      memo.left--;
      const shrunk = await shrink(app, cluster, before, edits, earlier, verdict);
      memo.classes.set(unshrunk.class, shrunk?.class ?? unshrunk.class);
      outcome.failures.push(shrunk ?? unshrunk);
    }
    if (!answer || verdicts.length > 0) return outcome;
    const first = answer.status.conditions?.[0];
    outcome.reasons.push(first?.type === "Ready" || !first ? "Ready" : first.reason ?? "NotReady");
    request = nextRequest(request, answer);
    const confirmed = confirmHeldBrokers(request, random);
    if (confirmed.length > 0) path.push(confirmed.join(", "));
  }
  return outcome;
}

/**
 * What an invalid case edits: the Kafka's spec (most often), a pool's spec, or
 * the data and annotations of an observed Secret: what users and other tools
 * can change. Names and kinds are left alone: the API server guarantees them.
 */
function fuzzTarget(request: SyncRequest, random: () => number): { name: string; value: Json } {
  const roll = random();
  const pick = <T>(items: T[]): T | undefined => items[Math.floor(random() * items.length)];
  if (roll < 0.2) {
    const pool = pick(Object.values(request.related["KafkaNodePool.kafka.strimzi.io/v1"] ?? {}));
    if (pool) return { name: `KafkaNodePool/${pool.metadata.name}`, value: pool.spec as Json };
  } else if (roll < 0.4) {
    const secret = pick(Object.values(request.children["Secret.v1"] ?? {}));
    if (secret) {
      secret.metadata.annotations ??= {};
      return { name: `Secret/${secret.metadata.name}`, value: { data: secret.data, annotations: secret.metadata.annotations } as Json };
    }
  }
  return { name: "Kafka spec", value: request.parent.spec as Json };
}

/** One to three random mutations, most of them invalid; 400 is a fair answer to a malformed body. */
export async function mutationCase(app: FastifyInstance, cluster: Cluster, random: () => number): Promise<CaseOutcome> {
  const outcome: CaseOutcome = { valid: false, codes: [], reasons: [], failures: [] };
  const request = structuredClone(cluster.request);
  const target = fuzzTarget(request, random);
  const edits = Array.from({ length: 1 + Math.floor(random() * 3) }, () => mutate(target.value, random));
  const schemaValid = schemaProblems(request).length === 0;
  const description = `${cluster.example}, ${target.name}: ${edits.join("; ")}${schemaValid ? " (schema-valid)" : ""}`;
  const what = `mutation of ${target.name.replace(/\/.*/, "")}${schemaValid ? " (schema-valid)" : ""}`;
  const { code, body } = await send(app, request);
  outcome.codes.push(code);
  if (code !== 200) {
    if (code !== 400) outcome.failures.push({ class: `HTTP ${code} after ${what}`, description: `${description}: ${body.slice(0, 300)}`, steps: 1 });
    return outcome;
  }
  const answer = JSON.parse(body) as Answer;
  if (malformed(answer)) {
    outcome.failures.push({ class: `malformed answer after ${what}`, description, steps: 1 });
    return outcome;
  }
  const first = answer.status.conditions?.[0];
  outcome.reasons.push(first?.type === "Ready" || !first ? "Ready" : first.reason ?? "NotReady");
  const losses = dataLosses(request, answer.children);
  for (const kind of new Set(losses.map((l) => l.kind))) {
    outcome.failures.push({ class: `${kind} after ${what}`, description: `${description}: ${losses.filter((l) => l.kind === kind).map((l) => l.detail).join(", ")}`, steps: 1 });
  }
  return outcome;
}
