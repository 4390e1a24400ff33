// The health port of an Entity Operator container, as Strimzi's operators
// serve it: `/healthy` (liveness), `/ready` (readiness) and `/metrics`
// (Prometheus) on one port, 8080 for the Topic Operator (`healthcheck-to`) and
// 8081 for the User Operator (`healthcheck-uo`).
import type { Registry } from "prom-client";
import { listen, serveMetrics, type HealthServer } from "../sidecar/health.js";

export interface Probes {
  healthy(): boolean;
  ready(): boolean;
}

export async function startHealthServer(port: number, probes: Probes, metrics: Registry): Promise<HealthServer> {
  return listen(port, (request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (request.method !== "GET") {
      response.writeHead(405, { "Content-Type": "text/plain" }).end("method not allowed\n");
    } else if (path === "/metrics") {
      serveMetrics(metrics, response);
    } else if (path === "/healthy" || path === "/ready") {
      const ok = path === "/healthy" ? probes.healthy() : probes.ready();
      response.writeHead(ok ? 200 : 503, { "Content-Type": "application/json" }).end(`${JSON.stringify({ status: ok ? "ok" : "failing" })}\n`);
    } else {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
    }
  });
}
