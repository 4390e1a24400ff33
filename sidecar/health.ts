// `/healthz` for the kubelet's liveness probe: 200 while every informer runs,
// 503 naming the ones that stopped (a sidecar blind to its clusters must be
// restarted). A replica that is not the leader is healthy: it is ready to take over.
// `/metrics` on the same port for Prometheus (metrics.ts).
import { createServer, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export const DEFAULT_HEALTH_PORT = 8081;

export interface HealthReport {
  ok: boolean;
  failing: string[];
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Writes the registry's exposition, or a 500 when collecting fails. */
export function serveMetrics(metrics: Registry, response: ServerResponse): void {
  metrics.metrics().then(
    (text) => response.writeHead(200, { "Content-Type": metrics.contentType }).end(text),
    () => response.writeHead(500, { "Content-Type": "text/plain" }).end("metrics failed\n"),
  );
}

/** Serves `handler` on `port` (0: any free port) until closed; closing drops open connections. */
export async function listen(port: number, handler: RequestListener): Promise<HealthServer> {
  const server: Server = createServer(handler);
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

export async function startHealthServer(port: number, report: () => HealthReport, metrics: Registry): Promise<HealthServer> {
  return listen(port, (request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (request.method === "GET" && path === "/metrics") {
      serveMetrics(metrics, response);
      return;
    }
    if (request.method !== "GET" || path !== "/healthz") {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
      return;
    }
    const health = report();
    const body = JSON.stringify(health.ok ? { status: "ok" } : { status: "failing", informers: health.failing });
    response.writeHead(health.ok ? 200 : 503, { "Content-Type": "application/json" }).end(`${body}\n`);
  });
}
