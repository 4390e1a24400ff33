// A client of one Kafka Connect cluster's REST API (Kafka's ConnectorsResource
// and ConnectorPluginsResource), with the status codes Strimzi's
// KafkaConnectApiImpl expects. Every request has its own timeout, measured on
// the injected timers: a connector whose calls hang costs its own pass that
// long, never another connector's.
import http from "node:http";
import type { ConnectorConfig } from "../../lib/connectors/config.js";
import { ConnectRestError, ConnectUnreachableError, type ConnectorPlugin, type ConnectorStateInfo } from "../../lib/connectors/connect-rest.js";
import { REAL_TIMERS, type Timers } from "../timers.js";

export const CONNECT_REST_PORT = 8083;
export const DEFAULT_CONNECT_REQUEST_TIMEOUT_MS = 10_000;

export interface ConnectApiOptions {
  host: string;
  port?: number;
  timeoutMs?: number;
  timers?: Timers;
  /** Shared by the requests to one Connect cluster: keep-alive connections. */
  agent?: http.Agent;
}

interface Answer {
  status: number;
  body: unknown;
}

/** Connect's error entity is `{error_code, message}`; Strimzi's tryToExtractErrorMessage. */
const errorMessage = (body: unknown): string =>
  typeof body === "object" && body !== null && typeof (body as { message?: unknown }).message === "string" ? (body as { message: string }).message : "Unknown error message";

const connectorPath = (name: string, rest = ""): string => `/connectors/${encodeURIComponent(name)}${rest}`;

export class ConnectApi {
  private readonly port: number;
  private readonly timeoutMs: number;
  private readonly timers: Timers;

  constructor(private readonly options: ConnectApiOptions) {
    this.port = options.port ?? CONNECT_REST_PORT;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_REQUEST_TIMEOUT_MS;
    this.timers = options.timers ?? REAL_TIMERS;
  }

  /** GET /connectors: the names of the connectors Connect runs. */
  async list(): Promise<string[]> {
    return (await this.expect("GET", "/connectors", [200])).body as string[];
  }

  /** GET /connector-plugins. */
  async plugins(): Promise<ConnectorPlugin[]> {
    return (await this.expect("GET", "/connector-plugins", [200])).body as ConnectorPlugin[];
  }

  /** GET /connectors/<name>/config; undefined when Connect has no such connector. */
  async config(name: string): Promise<ConnectorConfig | undefined> {
    const answer = await this.expect("GET", connectorPath(name, "/config"), [200, 404]);
    return answer.status === 404 ? undefined : (answer.body as ConnectorConfig);
  }

  async status(name: string): Promise<ConnectorStateInfo> {
    return (await this.expect("GET", connectorPath(name, "/status"), [200])).body as ConnectorStateInfo;
  }

  async create(body: object): Promise<void> {
    await this.expect("POST", "/connectors", [201], body);
  }

  async putConfig(name: string, config: ConnectorConfig): Promise<void> {
    await this.expect("PUT", connectorPath(name, "/config"), [200, 201], config);
  }

  async pause(name: string): Promise<void> {
    await this.expect("PUT", connectorPath(name, "/pause"), [202]);
  }

  async stop(name: string): Promise<void> {
    await this.expect("PUT", connectorPath(name, "/stop"), [204]);
  }

  async resume(name: string): Promise<void> {
    await this.expect("PUT", connectorPath(name, "/resume"), [202]);
  }

  /** The connector's new state when Connect restarted tasks too (202); undefined for the connector alone (204). */
  async restart(name: string, includeTasks: boolean, onlyFailed: boolean): Promise<ConnectorStateInfo | undefined> {
    const answer = await this.expect("POST", connectorPath(name, `/restart?includeTasks=${includeTasks}&onlyFailed=${onlyFailed}`), [202, 204]);
    return answer.status === 202 ? (answer.body as ConnectorStateInfo) : undefined;
  }

  async restartTask(name: string, task: number): Promise<void> {
    await this.expect("POST", connectorPath(name, `/tasks/${task}/restart`), [202, 204]);
  }

  /** GET /connectors/<name>/topics: `{<name>: {topics: [...]}}`. */
  async topics(name: string): Promise<string[]> {
    const body = (await this.expect("GET", connectorPath(name, "/topics"), [200])).body as Record<string, { topics?: string[] }>;
    return body[name]?.topics ?? [];
  }

  async offsets(name: string): Promise<unknown> {
    return (await this.expect("GET", connectorPath(name, "/offsets"), [200])).body;
  }

  async alterOffsets(name: string, offsets: unknown): Promise<void> {
    await this.expect("PATCH", connectorPath(name, "/offsets"), [200], offsets);
  }

  async resetOffsets(name: string): Promise<void> {
    await this.expect("DELETE", connectorPath(name, "/offsets"), [200]);
  }

  /** DELETE /connectors/<name>; one already gone counts as deleted. */
  async delete(name: string): Promise<void> {
    await this.expect("DELETE", connectorPath(name), [204, 404]);
  }

  private async expect(method: string, path: string, ok: readonly number[], body?: unknown): Promise<Answer> {
    const answer = await this.request(method, path, body);
    if (!ok.includes(answer.status)) throw new ConnectRestError(method, path.replace(/\?.*$/, ""), answer.status, errorMessage(answer.body));
    return answer;
  }

  private request(method: string, path: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        cancelTimeout();
        outcome();
      };
      const request = http.request({
        host: this.options.host,
        port: this.port,
        method,
        path,
        ...(this.options.agent ? { agent: this.options.agent } : {}),
        headers: { Accept: "application/json", ...(payload === undefined ? {} : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) }) },
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", (error) => finish(() => reject(new ConnectUnreachableError(method, path, error.message))));
        response.on("end", () => finish(() => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown;
          try {
            parsed = text === "" ? undefined : JSON.parse(text);
          } catch {
            parsed = text;
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        }));
      });
      const cancelTimeout = this.timers.after(this.timeoutMs, () => {
        finish(() => reject(new ConnectUnreachableError(method, path, `no answer within ${this.timeoutMs} ms`)));
        request.destroy();
      });
      request.on("error", (error) => finish(() => reject(new ConnectUnreachableError(method, path, error.message))));
      request.end(payload);
    });
  }
}
