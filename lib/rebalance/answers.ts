// Cruise Control's HTTP answers read as Strimzi's CruiseControlApiImpl reads
// them, with the same failures (the exception's class is the condition's
// reason, its message the condition's message): the sidecar only carries bytes.
import type { CruiseControlRequest } from "./requests.js";

/** A NotReady condition's reason and message: Strimzi's exception class and message. */
export interface RebalanceFailure {
  reason: string;
  message: string;
}

/** What came back: an HTTP answer (`User-Task-ID` header, body text), or a failure to get one. */
export type CruiseControlResponse =
  | { status: number; userTaskId: string | undefined; body: string }
  | { failure: RebalanceFailure };

/** A proposal as Cruise Control describes it: the summary and each broker's load before and after. */
export interface Proposal {
  summary?: Record<string, unknown>;
  loadBeforeOptimization?: { brokers?: BrokerLoad[] };
  loadAfterOptimization?: { brokers?: BrokerLoad[] };
}

export type BrokerLoad = Record<string, unknown>;

export type RebalanceAnswer =
  | { kind: "proposal"; userTaskId: string; proposal: Proposal }
  | { kind: "calculating"; userTaskId: string }
  | { kind: "notEnoughData" }
  | { kind: "failed"; failure: RebalanceFailure };

export type UserTaskStatus = "Active" | "InExecution" | "Completed" | "CompletedWithError";

export type UserTaskAnswer =
  /** `originalResponse`: the proposal's JSON text (InExecution, Completed), read only when needed (parseProposal). */
  | { kind: "task"; status: UserTaskStatus; originalResponse: string }
  /** No such task: Cruise Control restarted (tasks live in its memory) or forgot it. */
  | { kind: "unknown" }
  /** Cruise Control runs as many user tasks as it may (max.active.user.tasks). */
  | { kind: "busy" }
  | { kind: "failed"; failure: RebalanceFailure };

export const restFailure = (message: string): RebalanceFailure => ({ reason: "CruiseControlRestException", message });

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

type Parsed = { json: Json } | { failure: RebalanceFailure };

function parse(body: string): Parsed {
  try {
    const json: unknown = JSON.parse(body);
    return isObject(json) ? { json } : { failure: restFailure(`Failed to deserialize the response: not a JSON object: ${body.slice(0, 200)}`) };
  } catch (error) {
    return { failure: restFailure(`Failed to deserialize the response: ${(error as Error).message}`) };
  }
}

const errorText = (json: Json): string | undefined => (typeof json.errorMessage === "string" ? json.errorMessage : undefined);

const at = (endpoint: string, request: CruiseControlRequest): string => `${endpoint}${request.path}`;

/** A proposal or an execution request's answer (CruiseControlApiImpl.internalRebalance). */
export function rebalanceAnswer(response: CruiseControlResponse, endpoint: string, request: CruiseControlRequest): RebalanceAnswer {
  if ("failure" in response) return { kind: "failed", failure: response.failure };
  const where = at(endpoint, request);
  const { status } = response;
  if (status !== 200 && status !== 201 && status !== 202 && status !== 500) {
    return { kind: "failed", failure: restFailure(`Unexpected status code ${status} for request to ${where}`) };
  }
  const parsed = parse(response.body);
  if ("failure" in parsed) return { kind: "failed", failure: parsed.failure };
  const { json } = parsed;
  const userTaskId = response.userTaskId ?? "";
  const error = errorText(json);
  if (status === 202) {
    return "progress" in json
      ? { kind: "calculating", userTaskId }
      : { kind: "failed", failure: restFailure(`Error for request: ${where}. 202 Status code did not contain progress key. Server returned: ${JSON.stringify(json)}`) };
  }
  if (status === 500) {
    if (error === undefined) return { kind: "failed", failure: restFailure(`Error for request: ${where}. Server returned: ${JSON.stringify(json)}`) };
    if (error.includes("NotEnoughValidWindowsException")) return { kind: "notEnoughData" };
    if (error.includes("IllegalArgumentException") && error.includes("does not exist.")) {
      return { kind: "failed", failure: { reason: "IllegalArgumentException", message: "Some/all brokers specified don't exist" } };
    }
    return { kind: "failed", failure: restFailure(`Error for request: ${where}. Server returned: ${error}`) };
  }
  if (error !== undefined) return { kind: "failed", failure: restFailure(`Error for request: ${where}. Server returned: ${error}`) };
  return { kind: "proposal", userTaskId, proposal: json as Proposal };
}

const MAX_ACTIVE_USER_TASKS = /There are already \d+ active user tasks, which has reached the servlet capacity\./;

const USER_TASK_STATUSES: readonly string[] = ["Active", "InExecution", "Completed", "CompletedWithError"];

/** A user task's state (CruiseControlApiImpl.getUserTaskStatus): the proposal is in its `originalResponse`. */
export function userTaskAnswer(response: CruiseControlResponse, endpoint: string, request: CruiseControlRequest): UserTaskAnswer {
  if ("failure" in response) return { kind: "failed", failure: response.failure };
  const where = at(endpoint, request);
  if (response.status !== 200 && response.status !== 201 && response.status !== 500) {
    return { kind: "failed", failure: restFailure(`Unexpected status code ${response.status} for GET request to ${where}`) };
  }
  const parsed = parse(response.body);
  if ("failure" in parsed) return { kind: "failed", failure: parsed.failure };
  const { json } = parsed;
  if (response.status === 500) {
    const error = errorText(json) ?? JSON.stringify(json);
    return MAX_ACTIVE_USER_TASKS.test(error) ? { kind: "busy" } : { kind: "failed", failure: restFailure(`Error for request: ${where}. Server returned: ${error}`) };
  }
  const tasks = Array.isArray(json.userTasks) ? json.userTasks : [];
  const [task] = tasks;
  if (!isObject(task)) return { kind: "unknown" };
  const error = errorText(task);
  if (error !== undefined) return { kind: "failed", failure: restFailure(`Error for request: ${where}. Server returned: ${error}`) };
  const status = String(task.Status);
  if (!USER_TASK_STATUSES.includes(status)) return { kind: "failed", failure: { reason: "IllegalStateException", message: `Unexpected user task status: ${status}` } };
  return { kind: "task", status: status as UserTaskStatus, originalResponse: typeof task.originalResponse === "string" ? task.originalResponse : "" };
}

/**
 * A task's proposal, from its `originalResponse`. Parsed only when a decision
 * needs it: a verbose proposal is tens of kilobytes, and a rebalance polled
 * while it executes needs only the task's state.
 */
export function parseProposal(originalResponse: string): { proposal: Proposal } | { failure: RebalanceFailure } {
  const parsed = parse(originalResponse);
  return "failure" in parsed ? parsed : { proposal: parsed.json as Proposal };
}

/** `stop_proposal_execution`'s answer: undefined when stopped. */
export function stopAnswer(response: CruiseControlResponse, endpoint: string, request: CruiseControlRequest): RebalanceFailure | undefined {
  if ("failure" in response) return response.failure;
  const where = at(endpoint, request);
  if (response.status !== 200 && response.status !== 201) return restFailure(`Unexpected status code ${response.status} for request to ${where}`);
  const parsed = parse(response.body);
  if ("failure" in parsed) return parsed.failure;
  const { json } = parsed;
  const error = errorText(json);
  return error === undefined ? undefined : restFailure(`Error for request: ${where}. Server returned: ${error}`);
}

/** The executor's state (`/state`'s ExecutorState), or why it cannot be read. */
export function executorStateAnswer(response: CruiseControlResponse, endpoint: string, request: CruiseControlRequest): { executor: Json } | { failure: RebalanceFailure } {
  if ("failure" in response) return { failure: response.failure };
  const where = at(endpoint, request);
  if (response.status !== 200 && response.status !== 201) return { failure: restFailure(`Unexpected status code ${response.status} for request to ${where}`) };
  const parsed = parse(response.body);
  if ("failure" in parsed) return parsed;
  const error = errorText(parsed.json);
  if (error !== undefined) return { failure: restFailure(`Error for request: ${where}. Server returned: ${error}`) };
  const executor = parsed.json.ExecutorState;
  return isObject(executor) ? { executor } : { failure: restFailure(`Error for request: ${where}. Server returned no ExecutorState`) };
}
