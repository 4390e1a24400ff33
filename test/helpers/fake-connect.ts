// A Kafka Connect REST API in process, modelled on Kafka's ConnectorsResource
// and ConnectorPluginsResource (connect/runtime .../rest/resources): the
// paths, methods and status codes the connector reconciler uses, Connect's
// error entity `{error_code, message}`, connectors created RUNNING (or in their
// `initial_state`) with `tasks.max` tasks, pause/stop/resume, restarts (204 for
// the connector alone, 202 with the new state when tasks are included), task
// restarts, topics, and offsets (altered or reset only when STOPPED, as
// Connect's herder requires). Not modelled: rebalances (409), configuration
// validation beyond the class, the worker's real tasks. Tests can hang every
// call about one connector, fail a connector or a task, and read each request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ConnectorPlugin, ConnectState } from "../../lib/connectors/connect-rest.js";

export const FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
export const FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";

export const DEFAULT_PLUGINS: readonly ConnectorPlugin[] = [
  { class: FILE_SINK, type: "sink", version: "4.3.1" },
  { class: FILE_SOURCE, type: "source", version: "4.3.1" },
];

interface FakeConnector {
  config: Record<string, string>;
  state: ConnectState;
  tasks: ConnectState[];
  offsets: unknown[];
  topics: string[];
}

const WORKER = "10.0.0.7:8083";

class Answer extends Error {
  constructor(readonly status: number, readonly body?: unknown) {
    super(`HTTP ${status}`);
  }
}

const notFound = (name: string): Answer => new Answer(404, { error_code: 404, message: `Connector ${name} not found` });

export class FakeConnect {
  readonly connectors = new Map<string, FakeConnector>();
  readonly requests: string[] = [];
  /** Connectors whose every call hangs until released. */
  private readonly hung = new Map<string, Array<() => void>>();
  plugins: ConnectorPlugin[] = [...DEFAULT_PLUGINS];

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(): Promise<FakeConnect> {
    let fake: FakeConnect | undefined;
    const server = createServer((request, response) => {
      void fake?.handle(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fake = new FakeConnect(server, (server.address() as AddressInfo).port);
    return fake;
  }

  address(): { host: string; port: number } {
    return { host: "127.0.0.1", port: this.port };
  }

  hang(name: string): void {
    this.hung.set(name, []);
  }

  release(name: string): void {
    for (const resume of this.hung.get(name) ?? []) resume();
    this.hung.delete(name);
  }

  /** Sets the connector's state, or one task's. */
  setState(name: string, state: ConnectState, task?: number): void {
    const connector = this.connectors.get(name);
    if (!connector) throw new Error(`no connector ${name}`);
    if (task === undefined) connector.state = state;
    else connector.tasks[task] = state;
  }

  /** A connector made through the API by someone else (or left from before). */
  add(name: string, config: Record<string, string>, state: ConnectState = "RUNNING"): void {
    this.connectors.set(name, { config: { ...config, name }, state, tasks: this.taskStates(config, state), offsets: [], topics: [] });
  }

  async stop(): Promise<void> {
    for (const name of [...this.hung.keys()]) this.release(name);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private taskStates(config: Record<string, string>, state: ConnectState): ConnectState[] {
    return state === "STOPPED" ? [] : Array.from({ length: Number(config["tasks.max"] ?? "1") }, () => state);
  }

  private status(name: string, connector: FakeConnector): object {
    const type = this.plugins.find((p) => p.class === connector.config["connector.class"])?.type ?? "unknown";
    return {
      name,
      connector: { state: connector.state, worker_id: WORKER },
      tasks: connector.tasks.map((state, id) => ({ id, state, worker_id: WORKER, ...(state === "FAILED" ? { trace: "org.apache.kafka.connect.errors.ConnectException: failed" } : {}) })),
      type,
    };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://connect");
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const method = request.method ?? "GET";
    this.requests.push(`${method} ${url.pathname}${url.search}`);
    const name = /^\/connectors\/([^/]+)/.exec(url.pathname)?.[1];
    const waiting = name === undefined ? undefined : this.hung.get(decodeURIComponent(name));
    if (waiting) await new Promise<void>((resume) => waiting.push(resume));
    let status = 200;
    let body: unknown;
    try {
      const result = this.answer(method, url, text === "" ? undefined : JSON.parse(text) as unknown);
      if (result instanceof Answer) {
        status = result.status;
        body = result.body;
      } else {
        body = result;
      }
    } catch (error) {
      if (!(error instanceof Answer)) throw error;
      status = error.status;
      body = error.body;
    }
    response.writeHead(status, body === undefined ? {} : { "Content-Type": "application/json" });
    response.end(body === undefined ? undefined : JSON.stringify(body));
  }

  private answer(method: string, url: URL, input: unknown): unknown {
    const path = url.pathname;
    if (method === "GET" && path === "/connector-plugins") return this.plugins;
    if (method === "GET" && path === "/connectors") return [...this.connectors.keys()].sort();
    if (method === "POST" && path === "/connectors") {
      const { name, config, initial_state: initial } = input as { name: string; config: Record<string, string>; initial_state?: ConnectState };
      if (this.connectors.has(name)) throw new Answer(409, { error_code: 409, message: `Connector ${name} already exists` });
      this.create(name, config, initial ?? "RUNNING");
      return new Answer(201, { name, config: this.connectors.get(name)?.config, tasks: [], type: "source" });
    }
    const match = /^\/connectors\/([^/]+)(\/.*)?$/.exec(path);
    if (!match?.[1]) throw new Answer(404, { error_code: 404, message: "HTTP 404 Not Found" });
    const name = decodeURIComponent(match[1]);
    const rest = match[2] ?? "";
    const connector = this.connectors.get(name);
    if (method === "PUT" && rest === "/config") {
      const config = input as Record<string, string>;
      if (connector) {
        this.checkClass(config);
        connector.config = { ...config, name };
        connector.tasks = this.taskStates(config, connector.state);
        return { name, config: connector.config, tasks: [], type: "source" };
      }
      this.create(name, config, "RUNNING");
      return new Answer(201, { name, config: this.connectors.get(name)?.config, tasks: [], type: "source" });
    }
    if (!connector) throw notFound(name);
    switch (`${method} ${rest}`) {
      case "GET /config": return connector.config;
      case "GET /status": return this.status(name, connector);
      case "GET /topics": return { [name]: { topics: connector.topics } };
      case "PUT /pause":
        connector.state = "PAUSED";
        connector.tasks = connector.tasks.map(() => "PAUSED");
        return new Answer(202);
      case "PUT /stop":
        connector.state = "STOPPED";
        connector.tasks = [];
        return new Answer(204);
      case "PUT /resume":
        connector.state = "RUNNING";
        connector.tasks = this.taskStates(connector.config, "RUNNING");
        return new Answer(202);
      case "POST /restart": {
        const includeTasks = url.searchParams.get("includeTasks") === "true";
        const onlyFailed = url.searchParams.get("onlyFailed") === "true";
        if (!includeTasks && !onlyFailed) {
          connector.state = "RUNNING";
          return new Answer(204);
        }
        if (!onlyFailed || connector.state === "FAILED") connector.state = "RESTARTING";
        connector.tasks = connector.tasks.map((state) => (!onlyFailed || state === "FAILED" ? "RESTARTING" : state));
        const answer = this.status(name, connector);
        connector.state = "RUNNING";
        connector.tasks = connector.tasks.map((state) => (state === "RESTARTING" ? "RUNNING" : state));
        return new Answer(202, answer);
      }
      case "GET /offsets": return { offsets: connector.offsets };
      case "PATCH /offsets":
        this.requireStopped(name, connector);
        connector.offsets = (input as { offsets: unknown[] }).offsets;
        return { message: "The offsets for this connector have been altered successfully" };
      case "DELETE /offsets":
        this.requireStopped(name, connector);
        connector.offsets = [];
        return { message: "The offsets for this connector have been reset successfully" };
      case "DELETE ":
        this.connectors.delete(name);
        return new Answer(204);
    }
    const task = /^\/tasks\/(\d+)\/restart$/.exec(rest);
    if (method === "POST" && task) {
      const id = Number(task[1]);
      if (id >= connector.tasks.length) throw new Answer(404, { error_code: 404, message: `Unknown task: ${name}-${id}` });
      connector.tasks[id] = "RUNNING";
      return new Answer(204);
    }
    throw new Answer(405, { error_code: 405, message: "HTTP 405 Method Not Allowed" });
  }

  private checkClass(config: Record<string, string>): void {
    const wanted = config["connector.class"];
    if (!this.plugins.some((p) => p.class === wanted)) {
      throw new Answer(500, { error_code: 500, message: `Failed to find any class that implements Connector and which name matches ${wanted}, available connectors are: ${this.plugins.map((p) => p.class).join(", ")}` });
    }
  }

  private create(name: string, config: Record<string, string>, state: ConnectState): void {
    this.checkClass(config);
    this.connectors.set(name, { config: { ...config, name }, state, tasks: this.taskStates(config, state), offsets: [], topics: config.topic ? [config.topic] : [] });
  }

  private requireStopped(name: string, connector: FakeConnector): void {
    if (connector.state !== "STOPPED") throw new Answer(400, { error_code: 400, message: `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint` });
  }
}
