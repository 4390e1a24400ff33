// Kubernetes writes (merge patches, creates, replaces) over one pool of keep-alive connections.
// @kubernetes/client-node 1.x makes a new https.Agent, so a new TLS
// connection, for every request: at the Topic Operator's thousands of writes
// (a finalizer and a status per KafkaTopic) that cost more CPU and time than
// all its other work (docs/BENCHMARKS.md). Credentials still come from the
// KubeConfig on every request, so a rotated token or certificate is used as
// soon as it is there.
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent, request, type RequestOptions } from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";

export interface KubeReply {
  status: number;
  body: string;
}

export class KubeHttp {
  private agent: Agent | undefined;
  private plainAgent: HttpAgent | undefined;
  private material = "";

  constructor(private readonly kubeConfig: KubeConfig, private readonly maxSockets: number) {}

  /** A JSON merge patch of `path` (under the server's URL); any status is returned, network errors thrown. */
  mergePatch(path: string, body: unknown): Promise<KubeReply> {
    return this.send("PATCH", path, body, "application/merge-patch+json");
  }

  /** A request, with a JSON body unless `body` is undefined; any status is returned, network errors thrown. */
  async send(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<KubeReply> {
    const server = this.kubeConfig.getCurrentCluster()?.server;
    if (!server) throw new Error("the kubeconfig names no server");
    const options: RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(options);
    const url = new URL(path, server);
    // A plain-HTTP server (the tests' API server stand-in) gets a keep-alive agent of its own.
    const plain = url.protocol === "http:";
    const agent = plain ? (this.plainAgent ??= new HttpAgent({ keepAlive: true, maxSockets: this.maxSockets })) : this.agentFor(options);
    const payload = body === undefined ? "" : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = (plain ? httpRequest : request)(url, {
        method,
        agent,
        headers: { ...options.headers, "Content-Type": contentType, "Content-Length": Buffer.byteLength(payload), Accept: "application/json" },
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      });
      req.on("error", reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent?.destroy();
    this.plainAgent?.destroy();
  }

  /** One agent while the TLS material stays the same; a new one once it changes. */
  private agentFor(options: RequestOptions): Agent {
    const { ca, cert, key, rejectUnauthorized, servername } = options;
    const material = JSON.stringify([ca, cert, key, rejectUnauthorized, servername].map((v) => (Buffer.isBuffer(v) ? v.toString("base64") : v)));
    if (!this.agent || material !== this.material) {
      this.agent?.destroy();
      this.agent = new Agent({ keepAlive: true, maxSockets: this.maxSockets, ca, cert, key, ...(rejectUnauthorized !== undefined ? { rejectUnauthorized } : {}), ...(servername ? { servername } : {}) });
      this.material = material;
    }
    return this.agent;
  }
}
