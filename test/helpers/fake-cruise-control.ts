// A stand-in Cruise Control REST API built from the responses Strimzi records
// for its own tests (strimzi-reference/cruise-control-responses): real HTTPS
// with a certificate from its own CA and basic authentication, so the sidecar's
// real client talks to it.
//
// What it models:
// - POST rebalance / add_broker / remove_broker / remove_disks: with
//   `dryrun=true` a proposal (CC-Rebalance-no-goals-verbose.json, 200, a new
//   `User-Task-ID` whose task is Completed), or, with `proposalsTakeTime`, 202 and
//   CC-Rebalance-no-goals-in-progress.json with a task that stays Active until
//   `finishProposals()`; with `dryrun=false` the proposal's execution starts (200
//   with the proposal, its task InExecution, the executor busy) until
//   `finishExecution()` (Completed) or `failExecution()` (CompletedWithError). A
//   second execution while one runs is refused, as Cruise Control refuses it;
// - the errors set in `failNext`: NotEnoughValidWindows, bad goals, a broker
//   that does not exist (CC-Rebalance-NotEnoughValidWindows-error.json,
//   CC-Rebalance-bad-goals-error.json, CC-Broker-not-exist.json, all 500), or an
//   unreachable server (the socket is destroyed);
// - GET user_tasks?user_task_ids=<id>: the task in the recorded shape for its
//   state (CC-User-task-rebalance-no-goals-verbose-{Active,InExecution,Completed}.json,
//   CC-User-task-rebalance-no-goals-CompletedWithError.json, with its id), an
//   unknown id answering CC-User-task-status-empty.json; `userTasksBusy` answers
//   the servlet-capacity 500 and `userTasksFail` CC-User-task-status-fetch-error.json;
// - POST topic_configuration (the Topic Operator's replication-factor changes):
//   Cruise Control answers it as a rebalance that executes (its optimization
//   result; modelled on CC-Rebalance-no-goals-verbose.json, as no answer of it is
//   recorded), a new task InExecution; each body is kept in `topicConfigurations`;
//   `failNext` and `failAll` apply;
// - GET user_tasks with several ids (comma-separated): the known ones;
// - POST stop_proposal_execution (CC-Stop.json): the execution ends, its task Completed;
// - GET state: CC-State-inExecution.json while executing (its task start moved to
//   `executionStartedAt`), CC-State.json otherwise;
// - `restart()`: every task forgotten and the executor idle, as a restarted
//   Cruise Control (tasks live in its memory);
// - `requests`: every request's method and path, in order.
// Not modelled: the proposal's content (every proposal is the recorded one),
// goals, brokers and disks (any are accepted unless `failNext` says otherwise).
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createCertificateAuthority } from "../../lib/pki/certificate-authority.js";
import { issueNodeCertificate } from "../../lib/pki/end-entity.js";
import { fixedKeyPairSource } from "../../lib/pki/keys.js";
import { fixtureKeys } from "./keys.js";
import { sharedDir } from "./paths.js";

const recorded = (file: string): string => readFileSync(join(sharedDir, "strimzi-reference", "cruise-control-responses", file), "utf8");
const recordedJson = (file: string): Record<string, unknown> => JSON.parse(recorded(file)) as Record<string, unknown>;

export const PROPOSAL = recorded("CC-Rebalance-no-goals-verbose.json");

type TaskState = "Active" | "InExecution" | "Completed" | "CompletedWithError";

export interface Task {
  id: string;
  state: TaskState;
  dryRun: boolean;
  requestUrl: string;
}

export type Failure = "NotEnoughValidWindows" | "BadGoals" | "BrokerNotExist" | "Unreachable";

const FAILURE_FILES: Record<Exclude<Failure, "Unreachable">, string> = {
  NotEnoughValidWindows: "CC-Rebalance-NotEnoughValidWindows-error.json",
  BadGoals: "CC-Rebalance-bad-goals-error.json",
  BrokerNotExist: "CC-Broker-not-exist.json",
};

const TASK_FILES: Record<TaskState, string> = {
  Active: "CC-User-task-rebalance-no-goals-verbose-Active.json",
  InExecution: "CC-User-task-rebalance-no-goals-verbose-InExecution.json",
  Completed: "CC-User-task-rebalance-no-goals-verbose-Completed.json",
  CompletedWithError: "CC-User-task-rebalance-no-goals-CompletedWithError.json",
};

export interface FakeCruiseControlOptions {
  /** The DNS name its certificate is for (what the client checks). */
  serverName: string;
  user: string;
  password: string;
}

export class FakeCruiseControl {
  readonly requests: string[] = [];
  /** The body of each topic_configuration request, in order. */
  readonly topicConfigurations: string[] = [];
  readonly tasks = new Map<string, Task>();
  /** The next rebalance request fails so; cleared once used. */
  failNext: Failure | undefined;
  /** Every rebalance request fails so, until cleared. */
  failAll: Failure | undefined;
  proposalsTakeTime = false;
  userTasksBusy = false;
  userTasksFail = false;
  executionStartedAt = "2026-12-06T20:00:00Z";
  private executing: Task | undefined;
  private nextId = 1;

  private constructor(private readonly server: Server, readonly caCertPem: string, private readonly options: FakeCruiseControlOptions) {}

  static async start(options: FakeCruiseControlOptions): Promise<FakeCruiseControl> {
    const keys = fixedKeyPairSource(fixtureKeys);
    const env = { now: () => new Date(), random: (n: number) => Buffer.alloc(n, 7) };
    const ca = createCertificateAuthority({ kind: "cluster-ca", keyGeneration: 0, validityDays: 30 }, keys, env);
    const key = keys();
    const cert = issueNodeCertificate(ca, { clusterName: "cruise-control", dnsNames: [options.serverName], ipAddresses: [], validityDays: 30, privateKeyPem: key }, env);
    let fake: FakeCruiseControl | undefined;
    const server = createServer({ key, cert }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (c: Buffer) => chunks.push(c));
      request.on("end", () => fake?.handle(request.method ?? "GET", request.url ?? "/", request.headers.authorization, response, Buffer.concat(chunks).toString("utf8")));
    });
    fake = new FakeCruiseControl(server, ca.certificatePem, options);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Every Active proposal task completes. */
  finishProposals(): void {
    for (const task of this.tasks.values()) if (task.dryRun && task.state === "Active") task.state = "Completed";
  }

  finishExecution(): void {
    if (this.executing) this.executing.state = "Completed";
    this.executing = undefined;
  }

  failExecution(): void {
    if (this.executing) this.executing.state = "CompletedWithError";
    this.executing = undefined;
  }

  /** The task, InExecution, is the one the executor runs (as if its execution had been asked for). */
  execute(task: Task): void {
    this.tasks.set(task.id, { ...task, state: "InExecution" });
    this.executing = this.tasks.get(task.id);
  }

  isExecuting(): boolean {
    return this.executing !== undefined;
  }

  restart(): void {
    this.tasks.clear();
    this.executing = undefined;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, url: string, authorization: string | undefined, response: import("node:http").ServerResponse, body: string): void {
    this.requests.push(`${method} ${url}`);
    const reply = (status: number, body: string, taskId?: string): void => {
      response.writeHead(status, { "Content-Type": "application/json", ...(taskId ? { "User-Task-ID": taskId } : {}) });
      response.end(body);
    };
    const expected = `Basic ${Buffer.from(`${this.options.user}:${this.options.password}`).toString("base64")}`;
    if (authorization !== expected) return reply(401, JSON.stringify({ errorMessage: "Unauthorized" }));
    const { pathname, searchParams } = new URL(url, "https://cruise-control");
    const endpoint = pathname.replace("/kafkacruisecontrol/", "");
    if (method === "POST" && ["rebalance", "add_broker", "remove_broker", "remove_disks", "topic_configuration"].includes(endpoint)) {
      if (endpoint === "topic_configuration") this.topicConfigurations.push(body);
      const failure = this.failNext ?? this.failAll;
      this.failNext = undefined;
      if (failure === "Unreachable") {
        response.socket?.destroy();
        return;
      }
      if (failure) return reply(500, recorded(FAILURE_FILES[failure]));
      const dryRun = searchParams.get("dryrun") !== "false";
      if (!dryRun && this.executing) {
        return reply(500, JSON.stringify({ errorMessage: "Error processing POST request '/rebalance' due to: 'java.lang.IllegalStateException: Cannot start a new execution while there is an ongoing execution. Please use stop_ongoing_execution=true to stop ongoing execution and start a new one.'." }));
      }
      const task: Task = { id: `00000000-0000-0000-0000-${String(this.nextId++).padStart(12, "0")}`, dryRun, requestUrl: `POST ${url}`, state: "Completed" };
      this.tasks.set(task.id, task);
      if (dryRun && this.proposalsTakeTime) {
        task.state = "Active";
        return reply(202, recorded("CC-Rebalance-no-goals-in-progress.json"), task.id);
      }
      if (!dryRun) {
        task.state = "InExecution";
        this.executing = task;
      }
      return reply(200, PROPOSAL, task.id);
    }
    if (method === "GET" && endpoint === "user_tasks") {
      if (this.userTasksBusy) return reply(500, JSON.stringify({ errorMessage: "Error processing GET request '/user_tasks' due to: 'There are already 5 active user tasks, which has reached the servlet capacity.'." }));
      if (this.userTasksFail) return reply(500, recorded("CC-User-task-status-fetch-error.json"));
      const tasks = (searchParams.get("user_task_ids") ?? "").split(",").flatMap((id) => this.tasks.get(id) ?? []);
      if (tasks.length === 0) return reply(200, recorded("CC-User-task-status-empty.json"));
      const entries = tasks.map((task) => {
        const [entry] = recordedJson(TASK_FILES[task.state]).userTasks as Array<Record<string, unknown>>;
        return { ...entry, UserTaskId: task.id, RequestURL: task.requestUrl };
      });
      return reply(200, JSON.stringify({ ...recordedJson(TASK_FILES.Active), userTasks: entries }));
    }
    if (method === "POST" && endpoint === "stop_proposal_execution") {
      if (this.executing) this.executing.state = "Completed";
      this.executing = undefined;
      return reply(200, recorded("CC-Stop.json"));
    }
    if (method === "GET" && endpoint === "state") {
      if (!this.executing) return reply(200, recorded("CC-State.json"));
      const state = recordedJson("CC-State-inExecution.json");
      const executor = state.ExecutorState as Record<string, unknown>;
      const reason = `No reason provided (Client: 172.17.0.1, Date: ${this.executionStartedAt})`;
      return reply(200, JSON.stringify({ ...state, ExecutorState: { ...executor, triggeredTaskReason: reason, triggeredUserTaskId: this.executing.id } }));
    }
    return reply(404, JSON.stringify({ errorMessage: `no such endpoint: ${method} ${pathname}` }));
  }
}
