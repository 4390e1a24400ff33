// Cruise Control's REST API over HTTPS, as Strimzi's CruiseControlApiImpl calls
// it: the cluster CA trusted, basic authentication as the rebalance operator,
// one keep-alive connection pool per cluster. It only carries bytes: what an
// answer means is lib/rebalance/answers.ts's business. Every request has a
// deadline (Strimzi's has none), so a Cruise Control that hangs holds up one
// KafkaRebalance for at most that long; the deadline runs on the injected timers.
import { Agent, request as httpsRequest } from "node:https";
import { request as httpRequest, Agent as HttpAgent } from "node:http";
import type { CruiseControlResponse, RebalanceFailure } from "../../lib/rebalance/answers.js";
import type { CruiseControlRequest } from "../../lib/rebalance/requests.js";
import { REAL_TIMERS, type Timers } from "../timers.js";

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const USER_TASK_ID_HEADER = "user-task-id";

export interface CruiseControlAddress {
  host: string;
  port: number;
  /** The name the server's certificate is checked against, when `host` is not it (tests connect to 127.0.0.1). */
  servername?: string;
}

export interface CruiseControlClientOptions {
  address: CruiseControlAddress;
  /** PEM certificates to trust; plain HTTP when undefined (`webserver.ssl.enable: false`). */
  trustedCertificates: string | undefined;
  /** The `Authorization` header's credentials; none when undefined (`webserver.security.enable: false`). */
  credentials: { user: string; password: string } | undefined;
  timeoutMs?: number;
  timers?: Timers;
}

/** Node's connection errors that Strimzi sees as ConnectException or NoRouteToHostException: worth trying again. */
const RETRIABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET"]);

function failureOf(error: NodeJS.ErrnoException): RebalanceFailure {
  if (error.code && RETRIABLE.has(error.code)) return { reason: "CruiseControlRetriableConnectionException", message: error.message };
  const tls = error.code !== undefined && (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(error.code));
  return { reason: tls ? "SSLHandshakeException" : "IOException", message: error.message };
}

export class CruiseControlClient {
  private readonly agent: Agent | HttpAgent;
  private readonly authorization: string | undefined;
  private readonly timeoutMs: number;
  private readonly timers: Timers;

  constructor(private readonly options: CruiseControlClientOptions) {
    this.agent = options.trustedCertificates === undefined
      ? new HttpAgent({ keepAlive: true, maxSockets: 4 })
      : new Agent({ keepAlive: true, maxSockets: 4, ca: options.trustedCertificates, ...(options.address.servername ? { servername: options.address.servername } : {}) });
    this.authorization = options.credentials && `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString("base64")}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.timers = options.timers ?? REAL_TIMERS;
  }

  /** Never throws: a failure to get an answer is a response too. */
  send(request: CruiseControlRequest): Promise<CruiseControlResponse> {
    const { host, port } = this.options.address;
    const send = this.options.trustedCertificates === undefined ? httpRequest : httpsRequest;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (response: CruiseControlResponse): void => {
        if (settled) return;
        settled = true;
        cancelTimeout();
        resolve(response);
      };
      const outgoing = send({
        host, port, path: request.path, method: request.method, agent: this.agent,
        headers: {
          ...(this.authorization ? { authorization: this.authorization } : {}),
          ...(request.body !== undefined ? { "content-type": "application/json" } : {}),
        },
      }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("error", (error) => settle({ failure: failureOf(error) }));
        incoming.on("end", () => {
          const header = incoming.headers[USER_TASK_ID_HEADER];
          settle({ status: incoming.statusCode ?? 0, userTaskId: Array.isArray(header) ? header[0] : header, body: Buffer.concat(chunks).toString("utf8") });
        });
      });
      const cancelTimeout = this.timers.after(this.timeoutMs, () => {
        settle({ failure: { reason: "StrimziTimeoutException", message: `The timeout period of ${this.timeoutMs}ms has been exceeded while executing ${request.method}` } });
        outgoing.destroy();
      });
      outgoing.on("error", (error) => settle({ failure: failureOf(error) }));
      outgoing.end(request.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
