// Validates Kafka, KafkaNodePool, KafkaBridge, KafkaConnect, KafkaMirrorMaker2, KafkaTopic, KafkaUser, KafkaRebalance and KafkaConnector resources against our schemas
// (lib/api/schemas), with problems worded for the user and Strimzi's defaults
// applied to a copy.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { Kafka } from "./kafka.js";
import type { KafkaBridge } from "./kafka-bridge.js";
import type { KafkaConnect } from "./kafka-connect.js";
import type { KafkaMirrorMaker2 } from "./kafka-mirror-maker-2.js";
import type { KafkaNodePool } from "./kafka-nodepool.js";
import { topicProblems, type KafkaTopic } from "./kafka-topic.js";
import type { KafkaRebalance } from "./kafka-rebalance.js";
import { connectorProblems, type KafkaConnector } from "./kafka-connector.js";
import type { KafkaUser } from "./kafka-user.js";
import type { ConditionalRequirement, Schema } from "./schemas/combinators.js";
import { NESTING_MESSAGE, tooDeeplyNested } from "./nesting.js";
import { formatPath, unknownFields, type PathSegment } from "./schemas/fields.js";
import { kafkaSchema } from "./schemas/kafka.js";
import { kafkaBridgeSchema } from "./schemas/kafka-bridge.js";
import { kafkaConnectSchema } from "./schemas/kafka-connect.js";
import { kafkaMirrorMaker2Schema } from "./schemas/kafka-mirror-maker-2.js";
import { kafkaNodePoolSchema } from "./schemas/kafka-nodepool.js";
import { kafkaTopicSchema } from "./schemas/kafka-topic.js";
import { kafkaRebalanceSchema } from "./schemas/kafka-rebalance.js";
import { kafkaUserSchema } from "./schemas/kafka-user.js";
import { kafkaConnectorSchema } from "./schemas/kafka-connector.js";
import { strimziPodSetSchema } from "./schemas/strimzi-podset.js";
import type { StrimziPodSet } from "./strimzi-podset.js";

export interface ValidationProblem {
  path: string;
  message: string;
}

export type ValidationResult<T> =
  | { ok: true; value: T; unknownFields: string[] }
  | { ok: false; problems: ValidationProblem[] };

// Union types are used only for the scalar values of configuration maps.
const ajv = new Ajv({ allErrors: true, useDefaults: true, allowUnionTypes: true, strict: true, strictRequired: false });
ajv.addKeyword("x-kubernetes-preserve-unknown-fields");

/** The data's segments along an ajv instance path; array indexes become numbers. */
function segmentsOf(instancePath: string, data: unknown): PathSegment[] {
  const segments: PathSegment[] = [];
  let node = data;
  for (const raw of instancePath.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    const index = Array.isArray(node) ? Number(key) : undefined;
    segments.push(index ?? key);
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  return segments;
}

/** The schema node an ajv schema path (`#/properties/spec/...`) points at. */
function schemaAt(root: Schema, schemaPath: string): unknown {
  return schemaPath.split("/").slice(1).reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}

/** ` when type is jbod` for a field that a conditional requirement asks for. */
function condition(root: Schema, schemaPath: string): string {
  const match = /^(.*\/allOf\/\d+)\/(then|else)\/required$/.exec(schemaPath);
  if (!match?.[1]) return "";
  const rule = schemaAt(root, match[1]) as ConditionalRequirement;
  const [tag, { enum: values }] = Object.entries(rule.if.properties)[0] ?? ["", { enum: [] }];
  return ` ${match[2] === "then" ? "when" : "unless"} ${tag} is ${values.join(" or ")}`;
}

const ARTICLE: Record<string, string> = {
  string: "a string", integer: "an integer", number: "a number", boolean: "a boolean", object: "an object", array: "an array",
};

function typeMessage(expected: unknown): string {
  const types = (Array.isArray(expected) ? expected : [expected]).map(String);
  if (types.length === 1) return `must be ${ARTICLE[types[0] ?? ""] ?? types[0]}`;
  return `must be a ${types.slice(0, -1).join(", ")} or ${types.at(-1)}`;
}

/** One problem per ajv error, or none for errors that only repeat another (a failed `if`). */
function problemOf(error: ErrorObject, data: unknown, root: Schema): ValidationProblem | undefined {
  const path = segmentsOf(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  const at = (message: string, extra: PathSegment[] = []): ValidationProblem => ({ path: formatPath([...path, ...extra]) || "(root)", message });
  switch (error.keyword) {
    case "if":
      return undefined;
    case "required":
      return at(`is required${condition(root, error.schemaPath)}`, [String(params.missingProperty)]);
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return at(allowed.length === 1 ? `must be ${allowed[0]}` : `must be one of: ${allowed.join(", ")}`);
    }
    case "type":
      return at(typeMessage(params.type));
    case "minimum":
      return at(`must be >= ${String(params.limit)}`);
    case "maximum":
      return at(`must be <= ${String(params.limit)}`);
    case "pattern":
      return at(`must match ${String(params.pattern)}`);
    case "minItems":
      return at(`must have at least ${String(params.limit)} item${params.limit === 1 ? "" : "s"}`);
    case "minLength":
      return at(params.limit === 1 ? "must not be empty" : `must be at least ${String(params.limit)} characters long`);
    default:
      return at(error.message ?? error.keyword);
  }
}

/**
 * Problems without repeats, sorted by path, then message. A value of the wrong
 * type gets only that problem: its enum or pattern would say nothing more.
 */
function problemsOf(errors: readonly ErrorObject[], data: unknown, root: Schema): ValidationProblem[] {
  const found = errors.flatMap((error) => {
    const problem = problemOf(error, data, root);
    return problem ? [{ problem, isType: error.keyword === "type" }] : [];
  });
  const wrongType = new Set(found.filter((f) => f.isType).map((f) => f.problem.path));
  const unique = new Map<string, ValidationProblem>();
  for (const { problem, isType } of found) {
    if (isType || !wrongType.has(problem.path)) unique.set(`${problem.path}\n${problem.message}`, problem);
  }
  return [...unique.values()].sort((a, b) => compare(a.path, b.path) || compare(a.message, b.message));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Whether validating against `schema` writes defaults into what it validates. */
const writesDefaults = (schema: Schema): boolean => JSON.stringify(schema).includes('"default":');

/**
 * A copy of a resource read from JSON or YAML (objects, arrays, scalars): half what structuredClone's
 * serialization costs for a Kafka's few hundred fields, on every sync of every cluster. Object.fromEntries
 * defines each key as the object's own, `__proto__` included, as structuredClone does.
 */
function jsonCopy<V>(value: V): V {
  if (Array.isArray(value)) return value.map(jsonCopy) as V;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, jsonCopy(field)])) as V;
}

/** Each kind's validator is compiled on its first call: a process compiles only the kinds it reads (the sidecar two of ten, some 20 MiB less). */
const compilers: Array<() => unknown> = [];

/** Compiles every kind's validator now: the hooks do before they listen (warm-up.ts), so no first sync of a kind pays for it. */
export function compileValidators(): void {
  for (const compile of compilers) compile();
}

/**
 * @param findsUnknownFields whether to report the fields Kubernetes would prune: users' resources only; our own
 * PodSets are read on every sync of every cluster, and none of their fields are the user's.
 */
function validator<T>(schema: Schema, findsUnknownFields = true): ((resource: unknown) => ValidationResult<T>) & { compile(): void } {
  let compiled: ValidateFunction | undefined;
  const compile = (): ValidateFunction => (compiled ??= ajv.compile(schema));
  compilers.push(compile);
  // Copying a 100-node PodSet costs more than validating it: only a schema with defaults needs the copy.
  const copy = writesDefaults(schema) ? jsonCopy : <V>(value: V): V => value;
  const check = (resource: unknown): ValidationResult<T> => {
    // Copying, validating and reading a resource are recursive: one nested deeper than that allows is refused first.
    const deep = tooDeeplyNested(resource, schema);
    if (deep !== undefined) return { ok: false, problems: [{ path: deep, message: NESTING_MESSAGE }] };
    // ajv writes defaults into the object it validates: never the caller's.
    const value = copy(resource);
    const validate = compile();
    if (validate(value)) return { ok: true, value: value as T, unknownFields: findsUnknownFields ? unknownFields(resource, schema) : [] };
    return { ok: false, problems: problemsOf(validate.errors ?? [], value, schema) };
  };
  return Object.assign(check, { compile: (): void => void compile() });
}

const kafka = validator<Kafka>(kafkaSchema);
const kafkaNodePool = validator<KafkaNodePool>(kafkaNodePoolSchema);
const kafkaBridge = validator<KafkaBridge>(kafkaBridgeSchema);
const kafkaConnect = validator<KafkaConnect>(kafkaConnectSchema);
const kafkaMirrorMaker2 = validator<KafkaMirrorMaker2>(kafkaMirrorMaker2Schema);
const kafkaTopic = validator<KafkaTopic>(kafkaTopicSchema);
const kafkaUser = validator<KafkaUser>(kafkaUserSchema);
const kafkaRebalance = validator<KafkaRebalance>(kafkaRebalanceSchema);
const kafkaConnector = validator<KafkaConnector>(kafkaConnectorSchema);
const strimziPodSet = validator<StrimziPodSet>(strimziPodSetSchema, false);

export function validateKafka(resource: unknown): ValidationResult<Kafka> {
  return kafka(resource);
}

export function validateKafkaNodePool(resource: unknown): ValidationResult<KafkaNodePool> {
  return kafkaNodePool(resource);
}

export function validateStrimziPodSet(resource: unknown): ValidationResult<StrimziPodSet> {
  return strimziPodSet(resource);
}

export function validateKafkaBridge(resource: unknown): ValidationResult<KafkaBridge> {
  return kafkaBridge(resource);
}

export function validateKafkaConnect(resource: unknown): ValidationResult<KafkaConnect> {
  return kafkaConnect(resource);
}

export function validateKafkaMirrorMaker2(resource: unknown): ValidationResult<KafkaMirrorMaker2> {
  return kafkaMirrorMaker2(resource);
}

/** The schema's checks, then what Kafka would refuse of the topic's name and configuration (lib/api/kafka-topic.ts). */
export function validateKafkaTopic(resource: unknown): ValidationResult<KafkaTopic> {
  const result = kafkaTopic(resource);
  if (!result.ok) return result;
  const problems = topicProblems(result.value);
  return problems.length === 0 ? result : { ok: false, problems };
}

export function validateKafkaUser(resource: unknown): ValidationResult<KafkaUser> {
  return kafkaUser(resource);
}

/** Compiles one kind's validator now: its Entity Operator process does before it starts, so that no batch pays for it (20 ms of CPU in one turn). */
export function compileValidatorOf(kind: "KafkaTopic" | "KafkaUser"): void {
  (kind === "KafkaTopic" ? kafkaTopic : kafkaUser).compile();
}

/** The schema's checks; what Strimzi's operator refuses of the mode's settings is `rebalanceProblems` (lib/api/kafka-rebalance.ts). */
export function validateKafkaRebalance(resource: unknown): ValidationResult<KafkaRebalance> {
  return kafkaRebalance(resource);
}

/** The schema's checks, then what Connect would refuse (lib/api/kafka-connector.ts). */
export function validateKafkaConnector(resource: unknown): ValidationResult<KafkaConnector> {
  const result = kafkaConnector(resource);
  if (!result.ok) return result;
  const problems = connectorProblems(result.value);
  return problems.length === 0 ? result : { ok: false, problems };
}
