// `/healthz` for the kubelet's liveness probe: 200 while every informer runs,
// 503 naming the ones that stopped (a sidecar blind to its clusters must be
// restarted). A replica that is not the leader is healthy: it is ready to take over.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const DEFAULT_HEALTH_PORT = 8081;

export interface HealthReport {
  ok: boolean;
  failing: string[];
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(port: number, report: () => HealthReport): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET" || (request.url ?? "").split("?")[0] !== "/healthz") {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
      return;
    }
    const health = report();
    const body = JSON.stringify(health.ok ? { status: "ok" } : { status: "failing", informers: health.failing });
    response.writeHead(health.ok ? 200 : 503, { "Content-Type": "application/json" }).end(`${body}\n`);
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
