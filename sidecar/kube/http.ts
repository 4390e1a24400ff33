// Kubernetes requests over pools of keep-alive connections: JSON in and out,
// merge patches, and watches streamed line by line. @kubernetes/client-node
// 1.x made a new https.Agent, so a new TLS connection, for every request (at
// the Topic Operator's thousands of writes that cost more than all its other
// work, docs/BENCHMARKS.md), and loading it cost the sidecar about 70 MiB
// (docs/ARCHITECTURE.md, The sidecar's memory). Credentials come from the
// KubeConfig on every request, so a rotated token or certificate is used as
// soon as it is read; a 401 makes the next request read them again.
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { Agent, request } from "node:https";
import { createSecureContext } from "node:tls";
import { KubeApiError } from "./api-error.js";
import type { Credentials, KubeConfig } from "./config.js";

// The server falls back to the whole object in JSON where it cannot transform.
const METADATA_ONLY = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1, application/json";

export const MERGE_PATCH = "application/merge-patch+json";

export interface KubeReply {
  status: number;
  body: string;
}

export interface SendOptions {
  contentType?: string;
  /** Ask for the object's metadata only in the answer (for a caller that reads no more of it). */
  metadataOnly?: boolean;
}

/** A watch event as the server streams it: an object, a BOOKMARK's version, or an ERROR's Status. */
export interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: { metadata?: { resourceVersion?: string }; [field: string]: unknown };
}

type Pool = "requests" | "watches";

export class KubeHttp {
  private readonly agents = new Map<Pool, { agent: Agent | HttpAgent; credentials: Credentials; material: string }>();

  /** `maxSockets` bounds the requests at once; each watch has a connection of its own besides. */
  constructor(private readonly kubeConfig: KubeConfig, private readonly maxSockets: number) {}

  /** A JSON merge patch of `path` (under the server's URL); any status is returned, network errors thrown. */
  mergePatch(path: string, body: unknown, options: { metadataOnly?: boolean } = {}): Promise<KubeReply> {
    return this.send("PATCH", path, body, { ...options, contentType: MERGE_PATCH });
  }

  /** A request whose answer must be a success: its JSON is returned, any other status thrown as a KubeApiError. */
  async json<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const reply = await this.send(method, path, body, contentType ? { contentType } : {});
    if (reply.status >= 300) throw KubeApiError.of(`${method} ${path.split("?")[0]}`, reply);
    return JSON.parse(reply.body) as T;
  }

  /** A request, with a JSON body unless `body` is undefined; any status is returned, network errors thrown. */
  send(method: string, path: string, body?: unknown, options: SendOptions = {}): Promise<KubeReply> {
    const payload = body === undefined ? "" : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = this.open("requests", method, path, {
        "Content-Type": options.contentType ?? "application/json",
        "Content-Length": Buffer.byteLength(payload),
        Accept: options.metadataOnly ? METADATA_ONLY : "application/json",
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

  /**
   * Streams the watch at `path` (with its query), one parsed event at a time; resolves when the server ends
   * the stream, rejects with a KubeApiError when the watch is refused, or with the network's error. Aborting
   * `signal` ends it quietly. `onOpen` is called once the server has accepted the watch.
   */
  watch(path: string, onEvent: (event: WatchEvent) => void, signal: AbortSignal, onOpen: () => void = () => undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return resolve();
      const req = this.open("watches", "GET", path, { Accept: "application/json" }, (response) => {
        if (response.statusCode !== 200) {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => reject(KubeApiError.of(`watch ${path.split("?")[0]}`, { status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") })));
          return;
        }
        onOpen();
        let buffered = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          buffered += chunk;
          let newline = buffered.indexOf("\n");
          while (newline >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (line !== "") {
              try {
                onEvent(JSON.parse(line) as WatchEvent);
              } catch (error) {
                req.destroy();
                return reject(error as Error);
              }
            }
            newline = buffered.indexOf("\n");
          }
        });
        response.on("end", () => resolve());
        response.on("error", (error) => (signal.aborted ? resolve() : reject(error)));
      });
      const abort = (): void => {
        req.destroy();
        resolve();
      };
      signal.addEventListener("abort", abort, { once: true });
      req.on("close", () => signal.removeEventListener("abort", abort));
      req.on("error", (error) => (signal.aborted ? resolve() : reject(error)));
      req.end();
    });
  }

  close(): void {
    for (const { agent } of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private open(pool: Pool, method: string, path: string, headers: Record<string, string | number>, onResponse: (response: IncomingMessage) => void): ClientRequest {
    const credentials = this.kubeConfig.credentials();
    const url = new URL(path, credentials.server);
    // A plain-HTTP server (the tests' API server stand-in) gets plain keep-alive agents.
    const plain = url.protocol === "http:";
    const agent = this.agentFor(pool, plain, credentials);
    const authorization = credentials.token ? { Authorization: `Bearer ${credentials.token}` } : {};
    return (plain ? httpRequest : request)(url, { method, agent, headers: { ...headers, ...authorization } }, (response) => {
      if (response.statusCode === 401) this.kubeConfig.invalidate();
      onResponse(response);
    });
  }

  /** One agent per pool while the TLS material stays the same; a new one once it changes. */
  private agentFor(pool: Pool, plain: boolean, credentials: Credentials): Agent | HttpAgent {
    const held = this.agents.get(pool);
    // The same credentials object until the files are read again: most requests stop here.
    if (held?.credentials === credentials) return held.agent;
    const { ca, cert, key, rejectUnauthorized, servername } = credentials;
    const material = JSON.stringify([plain, ca, cert, key, rejectUnauthorized, servername]);
    if (held?.material === material) {
      held.credentials = credentials;
      return held.agent;
    }
    held?.agent.destroy();
    const sockets = { keepAlive: true, maxSockets: pool === "requests" ? this.maxSockets : Infinity };
    // One secure context for all the agent's connections: given the PEMs instead, each new connection parses the CA,
    // certificate and key again, a quarter of the CPU of opening sixteen at once (docs/BENCHMARKS.md, User Operator).
    const agent = plain
      ? new HttpAgent(sockets)
      : new Agent({ ...sockets, secureContext: createSecureContext({ ca, cert, key }), rejectUnauthorized, ...(servername ? { servername } : {}) });
    this.agents.set(pool, { agent, credentials, material });
    return agent;
  }
}
