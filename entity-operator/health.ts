// The health port of an Entity Operator container, as Strimzi's operators
// serve it: `/healthy` (liveness), `/ready` (readiness) and `/metrics`
// (Prometheus) on one port, 8080 for the Topic Operator (`healthcheck-to`) and
// 8081 for the User Operator (`healthcheck-uo`).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export interface Probes {
  healthy(): boolean;
  ready(): boolean;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(port: number, probes: Probes, metrics: Registry): Promise<HealthServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (request.method !== "GET") {
      response.writeHead(405, { "Content-Type": "text/plain" }).end("method not allowed\n");
    } else if (path === "/metrics") {
      metrics.metrics().then(
        (text) => response.writeHead(200, { "Content-Type": metrics.contentType }).end(text),
        () => response.writeHead(500, { "Content-Type": "text/plain" }).end("metrics failed\n"),
      );
    } else if (path === "/healthy" || path === "/ready") {
      const ok = path === "/healthy" ? probes.healthy() : probes.ready();
      response.writeHead(ok ? 200 : 503, { "Content-Type": "application/json" }).end(`${JSON.stringify({ status: ok ? "ok" : "failing" })}\n`);
    } else {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
