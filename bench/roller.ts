// The roller: what it costs beyond the pods' own restarts. A roll of nine
// brokers in three zones (and three controllers) through the real sidecar, the
// stand-in API server and the stand-in Kafka (the real availability client
// asking Metadata, DescribeConfigs, DescribeQuorum), with a stand-in kubelet
// whose restart takes a fixed time: the roller's own time per step is the roll's
// time less those restarts. Then the pure decisions at 100 nodes: a roller pass
// and the Kafka hook's forecast of which pods will restart.
import { performance } from "node:perf_hooks";
import type { Pod } from "../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../lib/api/strimzi-podset.js";
import { rollNodes } from "../lib/roller/cluster-nodes.js";
import { rollForecast } from "../lib/roller/forecast.js";
import { planRoll } from "../lib/roller/roll-plan.js";
import { connectKafkaAvailability } from "../sidecar/kafka/availability.js";
import { reconfigured } from "../test/helpers/example-cluster.js";
import { FakeKafka } from "../test/helpers/fake-kafka.js";
import { runningPods } from "../test/helpers/podsets.js";
import {
  annotateKafka, changeKafka, kafkaScenario, longerRetention, rackAwareCluster, spreadTopic,
} from "../test/helpers/roll-scenario.js";
import { startHarness, until } from "../test/helpers/sidecar-harness.js";
import { ms, time } from "./measure.js";

/** The stand-in kubelet: a deleted pod is back after CREATE ms and ready READY ms later. */
const RESTART = { createDelayMs: 200, readyDelayMs: 300 };
const RESTART_MS = RESTART.createDelayMs + RESTART.readyDelayMs;
const RUNS = 3;

interface Roll {
  totalMs: number;
  steps: number;
}

const isReady = (pod: Pod | undefined): boolean => (pod?.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/** One roll after a configuration change: from the change to the last pod ready again. */
async function roll(perRack: boolean): Promise<Roll> {
  const harness = await startHarness({ cluster: rackAwareCluster(9), standIn: RESTART });
  const fake = await FakeKafka.start(kafkaScenario(9, [9, 10, 11], [spreadTopic("orders", 9, 9)]));
  try {
    if (perRack) annotateKafka(harness, { "kafka-hooks.io/roll-parallelism": "rack" });
    await harness.startSidecar("bench", { availability: () => connectKafkaAvailability({ bootstrap: fake.bootstrap }) });
    await until("the first roll status", () => harness.rollStatus("my-cluster-broker") !== undefined);
    const names = harness.cluster.podSets.flatMap((s) => s.spec.pods.map((p) => p.metadata.name));
    let steps = 0;
    let lastReady = 0;
    const unsubscribe = harness.server.onChange(({ type, resource, object }) => {
      if (resource.kind !== "Pod") return;
      if (type === "DELETED" && names.every((n) => n === object.metadata.name || isReady(harness.pod(n)))) steps++;
      if (type === "MODIFIED" && isReady(object as Pod)) lastReady = performance.now();
    });
    const start = performance.now();
    changeKafka(harness, longerRetention);
    await until("the roll to end", () => harness.podDeletions().length === names.length && harness.allPodsCurrent() && harness.rollDone(), 120_000);
    unsubscribe();
    return { totalMs: lastReady - start, steps };
  } finally {
    await harness.stop();
    await fake.stop();
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function rollerBenchmarks(): Promise<string[]> {
  const rows: string[] = [];
  for (const perRack of [false, true]) {
    const runs: Roll[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await roll(perRack));
    const total = median(runs.map((r) => r.totalMs));
    const steps = median(runs.map((r) => r.steps));
    const own = median(runs.map((r) => (r.totalMs - r.steps * RESTART_MS) / r.steps));
    rows.push(`| ${perRack ? "per rack (`kafka-hooks.io/roll-parallelism: rack`)" : "one pod at a time (default)"} | ${steps} | ${ms(total)} | ${ms(steps * RESTART_MS)} | ${ms(own)} | ${RUNS} |`);
  }

  // The pure decisions on 3 controllers and 97 brokers: a roller pass with every pod out of date, the hook's forecast.
  const large = rackAwareCluster(97);
  const changed = reconfigured(large, longerRetention);
  const pods = large.podSets.flatMap((s) => runningPods(s));
  const cluster = { podSets: changed.podSets, pods, claims: [] };
  const now = new Date("2026-11-24T12:00:00.000Z");
  const pass = time(() => planRoll({ nodes: rollNodes(cluster), now, readinessTimeoutMs: 300_000, activeController: 98 }), 50);
  const forecast = (desired: StrimziPodSet[]) => time(() => rollForecast({ kafka: large.request.parent, desired, observed: large.podSets, now }), 50);
  const steady = forecast(large.podSets);
  const afterChange = forecast(changed.podSets);
  return [
    `The stand-in kubelet brings a deleted pod back after ${RESTART.createDelayMs} ms and reports it ready ${RESTART.readyDelayMs} ms later, so each`,
    `step of a roll takes ${RESTART_MS} ms of restart; the roller's own time is the rest: noticing the change (informers), asking Kafka`,
    "(Metadata, DescribeConfigs, DescribeQuorum against the stand-in over TCP), deleting, writing the roll status and the Events, and",
    `noticing readiness. Three controllers (always one at a time) and nine brokers in three zones; medians of ${RUNS} rolls.`,
    "",
    "| roll | steps | total ms | of which restarts ms | roller's own ms per step | runs |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    "| decision, 3 controllers + 97 brokers | median ms | p99 ms | runs |",
    "|---|---:|---:|---:|",
    `| roller pass, every pod out of date: restart reasons of every pod and the plan | ${ms(pass.median)} | ${ms(pass.p99)} | ${pass.runs} |`,
    `| Kafka hook: which pods will restart and why (forecast), nothing changed | ${ms(steady.median)} | ${ms(steady.p99)} | ${steady.runs} |`,
    `| Kafka hook: which pods will restart and why (forecast), after the change | ${ms(afterChange.median)} | ${ms(afterChange.p99)} | ${afterChange.runs} |`,
  ];
}
