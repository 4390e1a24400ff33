// The case loop the fuzz runs of the operands that are their own parents (a
// KafkaBridge, a KafkaConnect) share: each case picks a running example and
// takes one to three steps, at even odds a path of valid edits (each answer
// observed before the next) or mutations of the parent's spec, labels and
// annotations or of the data of the Secrets it names; the hook's judge says
// what each answer got wrong.
import type { buildServer } from "../../hooks/server.js";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { typeKey, type SyncRequest } from "../../lib/metacontroller.js";
import { lastDesired } from "../../lib/sync/keep-observed.js";
import { mutate, seededGenerator, type Json } from "./mutations.js";

export interface Judged {
  code: number;
  failures: string[];
  children?: KubeObject[];
}

type Parent = { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: unknown };

export interface OwnParentFuzz<P extends Parent> {
  cases: number;
  /** Mixed into the seed, so that two runs of one seed take other paths. */
  seed: number;
  running: ReadonlyArray<{ example: string; request: SyncRequest }>;
  validEdits: ReadonlyArray<(parent: P, random: () => number) => string>;
  judge: (request: SyncRequest) => Promise<Judged>;
  /** The request after Metacontroller applied an answer's children. */
  observed: (request: SyncRequest, children: readonly KubeObject[]) => SyncRequest;
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;

/** Runs every case; returns the failures and how many answers had each HTTP code. */
export async function runOwnParentFuzz<P extends Parent>(run: OwnParentFuzz<P>): Promise<{ failures: string[]; codes: Map<number, number> }> {
  const failures: string[] = [];
  const codes = new Map<number, number>();
  for (let i = 0; i < run.cases; i++) {
    const random = seededGenerator((run.seed + i) >>> 0);
    const example = pick(run.running, random);
    let request = structuredClone(example.request);
    const path: string[] = [];
    const steps = 1 + Math.floor(random() * 3);
    const validPath = random() < 0.5;
    for (let step = 0; step < steps; step++) {
      const parent = request.parent as unknown as P;
      if (validPath) path.push(pick(run.validEdits, random)(parent, random));
      else if (random() < 0.8) {
        const editable = { spec: parent.spec, labels: parent.metadata.labels ?? {}, annotations: parent.metadata.annotations ?? {} } as unknown as { [key: string]: Json };
        path.push(`parent: ${mutate(editable, random)}`);
        parent.spec = editable["spec"];
        parent.metadata.labels = editable["labels"] as Record<string, string>;
        parent.metadata.annotations = editable["annotations"] as Record<string, string>;
      } else {
        const secrets = Object.values(request.related["Secret.v1"] ?? {});
        const secret = secrets.length > 0 ? pick(secrets, random) : undefined;
        if (secret) {
          const holder = { data: (secret as { data?: Json }).data ?? {} };
          path.push(`Secret ${secret.metadata.name}: ${mutate(holder, random)}`);
          (secret as { data?: Json }).data = holder.data;
        } else path.push("no Secret to mutate");
      }
      const judged = await run.judge(request);
      codes.set(judged.code, (codes.get(judged.code) ?? 0) + 1);
      failures.push(...judged.failures.map((f) => `case ${i} ${example.example}: ${path.join(" | ")}: ${f}`));
      if (judged.children && validPath) request = run.observed(request, judged.children);
      if (judged.failures.length > 0) break;
    }
  }
  return { failures, codes };
}

/** The request after Metacontroller applied `children`: each observed with its last-applied copy, the PodSet's workers ready. */
export function observedRunning(request: SyncRequest, children: readonly KubeObject[]): SyncRequest {
  const groups = Object.fromEntries(Object.keys(request.children).map((type) => [type, {} as Record<string, KubeObject>]));
  for (const child of children) {
    const type = typeKey(child.kind, child.apiVersion);
    const pods = (child as { spec?: { pods?: unknown[] } }).spec?.pods?.length ?? 0;
    groups[type] = {
      ...groups[type],
      [`${child.metadata.namespace}/${child.metadata.name}`]: {
        ...structuredClone(child),
        metadata: { ...child.metadata, uid: `uid-${child.metadata.name}`, generation: 1, annotations: { ...child.metadata.annotations, "metacontroller.k8s.io/last-applied-configuration": JSON.stringify(child) } },
        ...(child.kind === "StrimziPodSet" ? { status: { observedGeneration: 1, pods, readyPods: pods, currentPods: pods } } : {}),
      },
    };
  }
  return { ...request, children: groups };
}

const sorted = (objects: readonly KubeObject[]): string => JSON.stringify([...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`)));

/**
 * A Connect-like hook's answer at `url`, judged from the request and the answer alone: a 200; a refusal keeps
 * every observed child exactly as last applied; no observed child is dropped unless `mayGo` says its reason is gone.
 */
export async function judgeOwnParent(app: ReturnType<typeof buildServer>, url: string, request: SyncRequest, mayGo: (key: string, child: KubeObject, answer: readonly KubeObject[]) => boolean): Promise<Judged> {
  const response = await app.inject({ method: "POST", url, payload: request });
  if (response.statusCode !== 200) return { code: response.statusCode, failures: [`HTTP ${response.statusCode}: ${response.body.slice(0, 200)}`] };
  const answer = JSON.parse(response.body) as { status: { conditions?: Array<{ type: string; reason?: string; message?: string }> }; children: KubeObject[] };
  const failures: string[] = [];
  const observedChildren = Object.values(request.children).flatMap((g) => Object.values(g));
  const first = answer.status.conditions?.[0];
  const refused = first?.message?.endsWith("Nothing was changed.") || first?.type === "ReconciliationPaused";
  if (refused && sorted(answer.children) !== sorted(observedChildren.map(lastDesired))) failures.push(`a refusal changed the children (${first?.reason})`);
  const names = new Set(answer.children.map((c) => `${c.kind}/${c.metadata.name}`));
  for (const child of observedChildren) {
    const key = `${child.kind}/${child.metadata.name}`;
    if (names.has(key) || mayGo(key, child, answer.children)) continue;
    failures.push(`${key} dropped (${first?.reason}: ${first?.message?.slice(0, 120)})`);
  }
  return { code: 200, failures, children: answer.children };
}
