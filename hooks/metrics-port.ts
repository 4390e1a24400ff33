// /metrics alone, over plain HTTP on a port of its own, for Prometheus. The hooks
// port takes requests that carry CA keys and admits only Metacontroller
// (manifests/network-policy.yaml); a scraper admitted there could post hook
// requests too. This port answers nothing else.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";

export interface MetricsPort {
  port: number;
  close(): Promise<void>;
}

/** Serves the hooks server's own `/metrics` answer on `port` (0 picks a free one). */
export async function serveMetrics(app: FastifyInstance, port: number, host: string): Promise<MetricsPort> {
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET" || (request.url ?? "").split("?")[0] !== "/metrics") {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
      return;
    }
    app.inject({ method: "GET", url: "/metrics" }).then(
      (answer) => response.writeHead(answer.statusCode, { "Content-Type": String(answer.headers["content-type"] ?? "text/plain") }).end(answer.body),
      () => response.writeHead(500, { "Content-Type": "text/plain" }).end("metrics failed\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
