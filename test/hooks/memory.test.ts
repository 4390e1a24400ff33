// The hooks process under many clusters, each with a large configuration value:
// what it remembers is bounded by bytes, so it stays within its container's
// memory limit and its live heap comes back to its start plus that bound. The
// full scenario (250 clusters of a 1 MB value) runs in `make bench`
// (bench/memory.ts); this one is smaller, but already brings more than the
// caches may keep.
import t from "tap";
import { REMEMBERED_BYTES } from "../../lib/remembered-budget.js";
import { hooksMemoryLimit, measureManyLargeClusters } from "../helpers/memory-scenario.js";

const MiB = 2 ** 20;

t.test("50 one-node clusters with a 1 MB spec.kafka.config value each: resident memory under the container's limit, the live heap back to its start plus what the caches may hold", async (t) => {
  const limit = hooksMemoryLimit();
  t.equal(limit, 512 * MiB, "the limit of manifests/deployment.yaml");
  const figures = await measureManyLargeClusters({ clusters: 50, valueBytes: 1_000_000 });
  const bound = figures.settled.rememberedBound;
  t.equal(bound, 112 * MiB, "every stage's share together");
  t.equal(figures.requests, 100, "each cluster settled in two syncs: the first, then every child observed");
  t.ok(figures.largestRequest > 2 * MiB, `a settled cluster's request carries the value three times (${(figures.largestRequest / MiB).toFixed(1)} MiB)`);
  t.ok(figures.peakRss < limit, `peak resident memory ${(figures.peakRss / MiB).toFixed(0)} MiB < ${limit / MiB} MiB`);
  const remembered = Object.values(figures.settled.remembered).reduce((sum, bytes) => sum + bytes, 0);
  t.ok(remembered <= bound, `the caches hold ${(remembered / MiB).toFixed(0)} MiB, within their bound`);
  t.ok((figures.settled.remembered["kafka-children"] ?? 0) > 0.9 * REMEMBERED_BYTES.kafkaChildren, "the children's share is full: the scenario exceeds it");
  const grown = figures.settled.heapUsed + figures.settled.external - (figures.baseline.heapUsed + figures.baseline.external);
  t.ok(grown <= bound, `after a full garbage collection the live heap and Buffers grew by ${(grown / MiB).toFixed(0)} MiB, at most the caches' bound (unbounded, as before the bound, 50 clusters kept 153 MiB: 3.1 MiB each)`);
});
