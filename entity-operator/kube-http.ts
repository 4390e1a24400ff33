// Kubernetes reads and writes (merge patches, creates, replaces) over one pool of keep-alive connections.
// @kubernetes/client-node 1.x makes a new https.Agent, so a new TLS
// connection, for every request: at the Topic Operator's thousands of writes
// (a finalizer and a status per KafkaTopic) that cost more CPU and time than
// all its other work (docs/BENCHMARKS.md). Credentials still come from the
// KubeConfig on every request, so a rotated token or certificate is used as
// soon as it is there.
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent, request, type RequestOptions } from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";

// The server falls back to the whole object in JSON where it cannot transform.
const METADATA_ONLY = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1, application/json";

export interface KubeReply {
  status: number;
  body: string;
}

export interface SendOptions {
  contentType?: string;
  /** Ask for the object's metadata only in the answer (for a caller that reads no more of it). */
  metadataOnly?: boolean;
}

export class KubeHttp {
  private agent: Agent | undefined;
  private plainAgent: HttpAgent | undefined;
  private material = "";

  constructor(private readonly kubeConfig: KubeConfig, private readonly maxSockets: number) {}

  /** A JSON merge patch of `path` (under the server's URL); any status is returned, network errors thrown. */
  mergePatch(path: string, body: unknown, options: { metadataOnly?: boolean } = {}): Promise<KubeReply> {
    return this.send("PATCH", path, body, { ...options, contentType: "application/merge-patch+json" });
  }

  /** A GET of `path` (under the server's URL, with its query); any status is returned, network errors thrown. */
  get(path: string): Promise<KubeReply> {
    return this.send("GET", path);
  }

  /** A request, with a JSON body unless `body` is undefined; any status is returned, network errors thrown. */
  async send(method: string, path: string, body?: unknown, options: SendOptions = {}): Promise<KubeReply> {
    const server = this.kubeConfig.getCurrentCluster()?.server;
    if (!server) throw new Error("the kubeconfig names no server");
    const tls: RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(tls);
    const url = new URL(path, server);
    // A plain-HTTP server (the tests' API server stand-in) gets a keep-alive agent of its own.
    const plain = url.protocol === "http:";
    const agent = plain ? (this.plainAgent ??= new HttpAgent({ keepAlive: true, maxSockets: this.maxSockets })) : this.agentFor(tls);
    const payload = body === undefined ? "" : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = (plain ? httpRequest : request)(url, {
        method,
        agent,
        headers: {
          ...tls.headers,
          "Content-Type": options.contentType ?? "application/json",
          "Content-Length": Buffer.byteLength(payload),
          Accept: options.metadataOnly ? METADATA_ONLY : "application/json",
        },
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
