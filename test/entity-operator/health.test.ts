// The Entity Operator's health port: Strimzi's paths, answered from the probes.
import t from "tap";
import { Counter, Registry } from "prom-client";
import { startHealthServer } from "../../entity-operator/health.js";

t.test("/healthy, /ready and /metrics; anything else 404", async (t) => {
  const probes = { healthy: () => true, ready: () => false };
  const registry = new Registry();
  new Counter({ name: "strimzi_reconciliations_total", help: "Reconciliations.", registers: [registry] }).inc(3);
  const server = await startHealthServer(0, probes, registry);
  t.teardown(() => server.close());
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
    return [response.status, await response.text()];
  };
  t.strictSame(await get("/healthy"), [200, '{"status":"ok"}\n']);
  t.strictSame(await get("/ready"), [503, '{"status":"failing"}\n']);
  t.strictSame(await get("/metrics"), [200, "# HELP strimzi_reconciliations_total Reconciliations.\n# TYPE strimzi_reconciliations_total counter\nstrimzi_reconciliations_total 3\n"]);
  t.strictSame(await get("/healthz"), [404, "not found\n"]);
  probes.ready = () => true;
  t.strictSame(await get("/ready"), [200, '{"status":"ok"}\n']);
});
