// A share of the fuzz run: FUZZ_CASES cases (default 10,000) from FUZZ_SEED
// (default 1), split across tap files so that tap's jobs run the shares in
// parallel. Each case draws from its own generator, seeded by the run's seed and
// its number, so `FUZZ_CASE=<n>` replays case n alone, whichever share it fell in.
// Half the cases are paths of valid edits, half random (mostly invalid) mutations.
import type { Test } from "tap";
import { buildServer } from "../../hooks/server.js";
import { settledCluster } from "../helpers/example-cluster.js";
import { exampleRequests } from "../helpers/examples.js";
import { testEnvironment } from "../helpers/requests.js";
import { mutationCase, validEditCase, type Cluster, type Failure, type ShrinkMemo } from "./fuzz-case.js";
import { seededGenerator } from "./mutations.js";

export const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
export const SEED = Number(process.env.FUZZ_SEED ?? 1);
const ONLY = process.env.FUZZ_CASE === undefined ? undefined : Number(process.env.FUZZ_CASE);

/** Every example's cluster, settled: its certificates made, its pods ready. */
const clusters = (): Cluster[] => exampleRequests().map(({ example, request }) => ({ example, request: settledCluster(request).request }));

const caseGenerator = (seed: number, index: number): (() => number) => seededGenerator((Math.imul(seed, 0x9e3779b1) + index) >>> 0);

const count = (items: readonly (string | number)[]): string =>
  [...items.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string | number, number>())].sort().map(([k, n]) => `${n} × ${k}`).join(", ");

/** Failures grouped by class, each with its count and its shortest case. */
export function failureClasses(failures: readonly Failure[]): string[] {
  const byClass = new Map<string, Failure[]>();
  for (const f of failures) byClass.set(f.class, [...(byClass.get(f.class) ?? []), f]);
  return [...byClass].sort(([a], [b]) => a.localeCompare(b)).map(([name, all]) => {
    const shortest = [...all].sort((a, b) => a.steps - b.steps || a.description.length - b.description.length)[0];
    return `${name} (${all.length} ×): ${shortest?.description ?? ""}`;
  });
}

export function fuzzShare(t: Test, share: number, shares: number): void {
  const from = Math.floor((CASES * share) / shares);
  const to = Math.floor((CASES * (share + 1)) / shares);
  t.test(`cases ${from}–${to - 1} of ${CASES}, valid edits and mutations of existing clusters (seed ${SEED})`, async (t) => {
    const corpus = clusters();
    const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
    const failures: Failure[] = [];
    const codes: number[] = [];
    const reasons: string[] = [];
    let valid = 0;
    const memo: ShrinkMemo = { classes: new Map(), left: 300 };
    const started = Date.now();
    for (let i = from; i < to; i++) {
      if (ONLY !== undefined && i !== ONLY) continue;
      const random = caseGenerator(SEED, i);
      const cluster = corpus[Math.floor(random() * corpus.length)];
      if (!cluster) continue;
      const outcome = random() < 0.5 ? await validEditCase(app, cluster, random, memo) : await mutationCase(app, cluster, random);
      if (outcome.valid) valid++;
      codes.push(...outcome.codes);
      reasons.push(...outcome.reasons);
      failures.push(...outcome.failures.map((f) => ({ ...f, description: `case ${i}: ${f.description}` })));
    }
    await app.close();
    t.comment(`${to - from} cases (${valid} valid-edit paths) in ${Date.now() - started} ms; answers: ${count(codes)}`);
    t.comment(`first conditions: ${count(reasons)}`);
    t.same(failureClasses(failures), [], "no answer loses data or fails");
  });
}
