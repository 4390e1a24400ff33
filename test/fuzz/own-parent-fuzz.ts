// The case loop the fuzz runs of the operands that are their own parents (a
// KafkaBridge, a KafkaConnect) share: each case picks a running example and
// takes one to three steps, at even odds a path of valid edits (each answer
// observed before the next) or mutations of the parent's spec, labels and
// annotations or of the data of the Secrets it names; the hook's judge says
// what each answer got wrong.
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
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
