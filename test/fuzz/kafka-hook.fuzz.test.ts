// Fuzzing the Kafka hook through the real server: mutated Strimzi examples, sent
// as the sync request of a cluster that already exists. Invariants: nothing but
// 200 or 400; every 200 answer is well formed; and no stateful child of the
// existing cluster (StrimziPodSet and its pods, key-holding Secret, the ConfigMaps
// carrying the cluster id) is ever missing from a 200 answer.
//
// FUZZ_CASES (default 3000) and FUZZ_SEED (default 1) set the run; a failure names
// its seed and case so that it can be replayed.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { buildServer } from "../../hooks/server.js";
import { exampleRequests } from "../helpers/examples.js";
import { nextRequest } from "../helpers/observe.js";
import { testEnvironment } from "../helpers/requests.js";
import { mutate, seededGenerator, type Json } from "./mutations.js";

const CASES = Number(process.env.FUZZ_CASES ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);

interface Answer {
  status?: { conditions?: Array<{ reason?: string }> };
  children?: KubeObject[];
}

/**
 * What a case edits: the Kafka's spec (most often), a pool's spec, or the data and
 * annotations of an observed Secret: what users and other tools can change. Names
 * and kinds are left alone: the API server guarantees them.
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

/** Stateful children of an observed cluster, as `Kind/name`, with each PodSet's pods. */
function statefulChildren(request: SyncRequest): { names: string[]; pods: Map<string, string[]> } {
  const names: string[] = [];
  const pods = new Map<string, string[]>();
  for (const group of Object.values(request.children)) {
    for (const child of Object.values(group)) {
      const id = `${child.kind}/${child.metadata.name}`;
      if (child.kind === "StrimziPodSet") {
        names.push(id);
        pods.set(child.metadata.name, (child as StrimziPodSet).spec.pods.map((p) => p.metadata.name));
      } else if (child.kind === "Secret" || (child.kind === "ConfigMap" && child.metadata.annotations?.["strimzi.io/cluster-id"])) {
        names.push(id);
      }
    }
  }
  return { names: names.sort(), pods };
}

/** Stateful children and pods of the observed cluster that the answer does not list. */
function lostChildren(request: SyncRequest, children: readonly KubeObject[]): string[] {
  const before = statefulChildren(request);
  const listed = new Set(children.map((c) => `${c.kind}/${c.metadata.name}`));
  const lost = before.names.filter((name) => !listed.has(name));
  for (const podSet of children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet")) {
    const now = new Set(podSet.spec?.pods?.map((p) => p.metadata.name) ?? []);
    lost.push(...(before.pods.get(podSet.metadata.name) ?? []).filter((pod) => !now.has(pod)).map((pod) => `Pod/${pod}`));
  }
  return lost;
}

// Existing clusters: every example after its first sync, as the next sync sees it.
const clusters = exampleRequests().map(({ example, request }) => ({ example, request: nextRequest(request, syncKafka(request, testEnvironment())) }));

t.test(`${CASES} mutated Kafkas of existing clusters (seed ${SEED})`, async (t) => {
  const app = buildServer({ env: testEnvironment(), logLevel: "silent" });
  const random = seededGenerator(SEED);
  const failures: string[] = [];
  const codes = new Map<number, number>();
  const reasons = new Map<string, number>();
  for (let i = 0; i < CASES && failures.length < 5; i++) {
    const cluster = clusters[Math.floor(random() * clusters.length)];
    if (!cluster) continue;
    const request = structuredClone(cluster.request);
    const target = fuzzTarget(request, random);
    const edits = Array.from({ length: 1 + Math.floor(random() * 3) }, () => mutate(target.value, random));
    const caseName = `case ${i} (${cluster.example}, ${target.name}: ${edits.join("; ")})`;
    const response = await app.inject({ method: "POST", url: "/kafka/sync", payload: request });
    codes.set(response.statusCode, (codes.get(response.statusCode) ?? 0) + 1);
    if (response.statusCode !== 200 && response.statusCode !== 400) {
      failures.push(`${caseName}: HTTP ${response.statusCode} ${response.body.slice(0, 300)}`);
      continue;
    }
    if (response.statusCode !== 200) continue;
    const answer = response.json<Answer>();
    if (typeof answer.status !== "object" || answer.status === null || !Array.isArray(answer.children)
      || answer.children.some((c) => !c?.apiVersion || !c.kind || !c.metadata?.name)) {
      failures.push(`${caseName}: malformed answer`);
      continue;
    }
    reasons.set(answer.status.conditions?.[0]?.reason ?? "Ready", (reasons.get(answer.status.conditions?.[0]?.reason ?? "Ready") ?? 0) + 1);
    // A pool's edits may legitimately scale it down; the Kafka's and the observed Secrets' may not lose anything.
    const lost = target.name.startsWith("KafkaNodePool") ? [] : lostChildren(cluster.request, answer.children);
    if (lost.length > 0) failures.push(`${caseName}: lost ${lost.join(", ")}`);
  }
  await app.close();
  t.comment(`answers: ${[...codes.entries()].sort().map(([code, n]) => `${n} × ${code}`).join(", ")}`);
  t.comment(`first conditions: ${[...reasons.entries()].sort().map(([reason, n]) => `${n} × ${reason}`).join(", ")}`);
  t.same(failures, [], "every invariant held");
});

t.test("the loss oracle sees a missing Secret and a missing pod", async (t) => {
  const cluster = clusters.find((c) => c.example === "kafka/kafka-persistent.yaml");
  if (!cluster) throw new Error("the persistent example is in the corpus");
  const answer = syncKafka(cluster.request, testEnvironment());
  t.same(lostChildren(cluster.request, answer.children), [], "a steady sync loses nothing");
  const shrunk = structuredClone(answer.children).filter((c) => c.metadata.name !== "my-cluster-cluster-ca");
  const podSet = shrunk.find((c): c is StrimziPodSet => c.kind === "StrimziPodSet" && c.metadata.name === "my-cluster-broker");
  podSet?.spec.pods.pop();
  t.same(lostChildren(cluster.request, shrunk), ["Secret/my-cluster-cluster-ca", "Pod/my-cluster-broker-2"]);
});
