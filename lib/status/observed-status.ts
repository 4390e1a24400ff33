// The status an object arrives with, as far as the hooks can use it. Statuses
// are free-form to the API server and anyone with access to the status
// subresource can write them, so an entry of `conditions` may be null, a
// number or an object without a type, and a field may nest a thousand levels
// deep. The hooks read a status only through this function: what is not in the
// shape the hooks write is left out (it was not written by them), so nothing
// downstream fails on it.
import type { Condition, KubeObject } from "../api/kubernetes.js";
import { MAX_NESTING, tooDeeplyNested } from "../api/nesting.js";
import { isNodeId } from "../model/observed-podsets.js";

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);

const CONDITION_STATUSES: ReadonlySet<unknown> = new Set(["True", "False", "Unknown"]);

function isCondition(value: unknown): value is Condition {
  if (!isFields(value) || typeof value.type !== "string" || !CONDITION_STATUSES.has(value.status)) return false;
  return ["lastTransitionTime", "reason", "message"].every((field) => value[field] === undefined || typeof value[field] === "string");
}

function isListenerStatus(value: unknown): boolean {
  if (!isFields(value) || typeof value.name !== "string") return false;
  const { addresses } = value;
  return addresses === undefined
    || (Array.isArray(addresses) && addresses.every((a) => isFields(a) && typeof a.host === "string" && Number.isInteger(a.port)));
}

/** A Kafka version (`4.3.1`) or metadata version (`4.3-IV0`, `4.3`) as the hooks write them. */
const isVersion = (value: unknown): boolean => typeof value === "string" && /^\d+(\.\d+){1,2}(-IV\d+)?$/.test(value);

/** Fields the hooks read back, each with the shape it must have to be read. */
const READ_BACK: Readonly<Record<string, (value: unknown) => boolean>> = {
  observedGeneration: Number.isSafeInteger,
  clusterId: (value) => typeof value === "string",
  operatorLastSuccessfulVersion: (value) => typeof value === "string",
  nodeIds: (value) => Array.isArray(value) && value.every(isNodeId),
  listeners: (value) => Array.isArray(value) && value.every(isListenerStatus),
  kafkaVersion: isVersion,
  kafkaMetadataVersion: isVersion,
  kafkaVersions: (value) => Array.isArray(value) && value.every(isVersion),
};

/**
 * `status` with every condition that is not a condition left out, and every
 * field the hooks read back left out unless it has the shape they write, and
 * every field left out that nests deeper than objects may (lib/api/nesting.ts).
 * Undefined when the status is not an object at all.
 */
export function observedStatus<S extends object>(status: unknown): S | undefined {
  if (!isFields(status)) return undefined;
  const kept: Fields = {};
  for (const [field, value] of Object.entries(status)) {
    if (field === "conditions") {
      if (Array.isArray(value)) kept.conditions = value.filter(isCondition);
    } else if ((READ_BACK[field]?.(value) ?? true) && tooDeeplyNested(value, undefined, MAX_NESTING - 1) === undefined) {
      kept[field] = value;
    }
  }
  return kept as S;
}

/** `object` with its status as observedStatus reads it (the same object when it has none). */
export function withObservedStatus<T extends KubeObject>(object: T): T {
  if (!("status" in object)) return object;
  const status = observedStatus(object.status);
  const { status: _status, ...rest } = object;
  return (status === undefined ? rest : { ...rest, status }) as T;
}
