// How far a Kafka broker's metadata cache lags its controller while topics are
// created (docs/BENCHMARKS.md, the Topic Operator: what Ready means): TOPICS
// topics (10 000 by default; 1 partition, 1 replica) created on the Topic
// Operator's bed's Kafka node 100 per CreateTopics, two requests under way (the
// operator's pace when the API server is not what limits it), each batch
// described (Metadata) right after its CreateTopics answered. It prints how
// many topics CreateTopics created, how many the broker did not show right
// after, how many it did not show when all were created, what CreateTopics says
// of those (TOPIC_ALREADY_EXISTS: the controller has them), and the seconds
// until the broker showed them all, with the load average. Run as root:
//   node dist/test/realbed/k8s/topic-metadata-lag.js
import { loadavg } from "node:os";
import type { TopicResult } from "../../../sidecar/kafka/client.js";
import { startTopicOperatorBed } from "./topic-operator-bed.js";

const TOPICS = Number(process.env["TOPICS"] ?? 10_000);
const PER_REQUEST = 100;
const REQUESTS_AT_ONCE = 2;
const VISIBLE_DEADLINE_MS = 600_000;

const load = (): string => loadavg().map((l) => l.toFixed(1)).join(" ");
const names = Array.from({ length: TOPICS }, (_, i) => `lag-${String(i).padStart(5, "0")}`);
const batches: string[][] = [];
for (let i = 0; i < names.length; i += PER_REQUEST) batches.push(names.slice(i, i + PER_REQUEST));
const isUnknown = (result: TopicResult<unknown>): boolean => !result.ok && result.error.code === "UNKNOWN_TOPIC_OR_PARTITION";

const bed = await startTopicOperatorBed({ fullReconciliationIntervalMs: 120_000, brokerHeap: "-Xms512m -Xmx1g" });
try {
  const { kafka } = bed;
  const loadAtStart = load();
  const start = Date.now();
  let created = 0;
  let unknownRightAfter = 0;
  let next = 0;
  await Promise.all(Array.from({ length: REQUESTS_AT_ONCE }, async () => {
    while (next < batches.length) {
      const batch = batches[next++] as string[];
      const answers = await kafka.createTopics(batch.map((name) => ({ name, partitions: 1, replicas: 1, configs: new Map() })));
      created += [...answers.values()].filter((r) => r.ok).length;
      unknownRightAfter += [...(await kafka.describeTopics(batch)).values()].filter(isUnknown).length;
    }
  }));
  const createSeconds = (Date.now() - start) / 1000;
  const allCreated = Date.now();
  const loadAtAllCreated = load();
  const unknown: string[] = [];
  for (const batch of batches) for (const [name, result] of await kafka.describeTopics(batch)) if (isUnknown(result)) unknown.push(name);
  const controllerSays: Record<string, number> = {};
  for (let i = 0; i < unknown.length; i += PER_REQUEST) {
    const answers = await kafka.createTopics(unknown.slice(i, i + PER_REQUEST).map((name) => ({ name, partitions: 1, replicas: 1, configs: new Map() })));
    for (const result of answers.values()) {
      const code = result.ok ? "created" : result.error.code;
      controllerSays[code] = (controllerSays[code] ?? 0) + 1;
    }
  }
  let allShownSeconds: number | undefined;
  let stillUnknown = 0;
  while (Date.now() - allCreated < VISIBLE_DEADLINE_MS) {
    const pollStart = Date.now();
    stillUnknown = 0;
    for (const batch of batches) stillUnknown += [...(await kafka.describeTopics(batch)).values()].filter(isUnknown).length;
    if (stillUnknown === 0) {
      allShownSeconds = (pollStart - allCreated) / 1000;
      break;
    }
  }
  console.log(JSON.stringify({
    topics: TOPICS,
    loadAverage: { start: loadAtStart, allCreated: loadAtAllCreated, end: load() },
    createSeconds,
    created,
    notShownRightAfterItsCreateTopics: unknownRightAfter,
    notShownWhenAllCreated: unknown.length,
    createTopicsAgainOfThose: controllerSays,
    allShownSecondsAfterAllCreated: allShownSeconds ?? `not within ${VISIBLE_DEADLINE_MS / 1000} s: ${stillUnknown} not shown`,
  }));
} finally {
  await bed.stop();
}
