// What the syncs of the operands that are their own parents and Kafka clients
// (a KafkaBridge, a KafkaConnect) do alike: a paused resource is not even
// validated; an invalid one, or one whose Secrets or metrics ConfigMap are
// missing, keeps every observed child with a NotReady naming the field; a valid
// one gets its Secrets and ConfigMaps read, and its Warnings gathered the same
// way; its status is Ready or NotReady with what it waits for.
import type { ValidationResult } from "../api/validate.js";
import type { Condition, Secret } from "../api/kubernetes.js";
import type { Logging, MetricsConfig, Rack } from "../api/kafka.js";
import type { KafkaClientsSpec } from "../api/kafka-clients.js";
import type { Environment } from "../environment.js";
import { isReconciliationPaused } from "../labels.js";
import { objectsOfType, type SyncRequest, type SyncResponse } from "../metacontroller.js";
import type { ModelProblem } from "../model/types.js";
import { resolveClientSecrets, type ClientSecrets } from "../operands/kafka-clients/client-secrets.js";
import { rackLabelOnPod, rackTopologyKey } from "../operands/kafka-clients/rack.js";
import { REASON } from "../reasons.js";
import { condition, warningConditions } from "../status/conditions.js";
import { pausedKafkaStatus, rejectedKafkaStatus } from "../status/kafka-status.js";
import { withObservedStatus } from "../status/observed-status.js";
import { keepObservedChildren } from "./keep-observed.js";
import { externalLogging, metricsConfigJson } from "./operand-config-maps.js";

type ClientsResource = { metadata: { name: string; namespace: string; annotations?: Record<string, string> }; spec: KafkaClientsSpec & { logging?: Logging; metricsConfig?: MetricsConfig; rack?: Rack } };
type StatusOf = { conditions?: Condition[]; observedGeneration?: number };

export interface PreparedSync<R> {
  resource: R;
  unknownFields: string[];
  secrets: ClientSecrets;
  externalLogging?: string;
  metricsConfigJson?: string;
  loggingWarning?: ModelProblem;
  now: Date;
  generation: number;
  previous: Condition[] | undefined;
}

/** The answer when there is nothing to build (paused, refused), else what building needs. */
export function prepareKafkaClientsSync<R extends ClientsResource, S extends StatusOf>(
  request: SyncRequest,
  env: Environment,
  validate: (resource: unknown) => ValidationResult<R>,
  specProblems: (resource: R) => Array<{ path: string; message: string }>,
): { answer: SyncResponse<S> } | { prepared: PreparedSync<R> } {
  const now = env.now();
  const parent = withObservedStatus(request.parent) as SyncRequest["parent"] & { status?: S };
  const generation = parent.metadata.generation;
  const keepChildren = (status: S): { answer: SyncResponse<S> } => ({ answer: { status, children: keepObservedChildren(request.children) } });
  const reject = (problems: ReadonlyArray<{ path: string; message: string; reason?: string }>) =>
    keepChildren(rejectedKafkaStatus<S>(parent.status, generation, problems.map((p) => ({ reason: REASON.invalidResource, ...p })), now));

  // As for a Kafka: a paused resource is not even validated.
  if (isReconciliationPaused(parent)) return keepChildren(pausedKafkaStatus<S>(parent.status, generation, now));
  const validated = validate(parent);
  if (!validated.ok) return reject(validated.problems);
  const resource = validated.value;
  const refused = specProblems(resource);
  if (refused.length > 0) return reject(refused);
  const secrets = new Map(objectsOfType(request.related, "Secret", "v1").map((s) => [s.metadata.name, s as Secret]));
  const resolved = resolveClientSecrets(resource.spec, secrets);
  if (!resolved.ok) return reject(resolved.problems);
  const metrics = metricsConfigJson(resource.spec, request.related);
  if (metrics.problem) return reject([metrics.problem]);
  const logging = externalLogging(resource.spec, request.related);
  return {
    prepared: {
      resource,
      unknownFields: validated.unknownFields,
      secrets: resolved.value,
      ...(logging.properties !== undefined ? { externalLogging: logging.properties } : {}),
      ...(metrics.json !== undefined ? { metricsConfigJson: metrics.json } : {}),
      ...(logging.warning ? { loggingWarning: logging.warning } : {}),
      now,
      generation: generation ?? 0,
      previous: parent.status?.conditions,
    },
  };
}

/** The Warnings both give: external logging missing, forbidden options dropped, a rack pods cannot carry, ignored and unknown fields. */
export function kafkaClientsWarnings(
  prepared: PreparedSync<ClientsResource>,
  dropped: ReadonlyArray<{ path: string; key: string }>,
  ignored: ReadonlyArray<{ path: string; message: string }>,
): ModelProblem[] {
  const rack = prepared.resource.spec.rack;
  const topologyKey = rackTopologyKey(rack);
  return [
    ...(prepared.loggingWarning ? [prepared.loggingWarning] : []),
    ...dropped.map((d) => ({ reason: REASON.forbiddenConfigOption, path: d.path, message: `${d.key} is set by the operator and was ignored` })),
    ...(rack && topologyKey !== undefined && rackLabelOnPod(rack) === undefined
      ? [{ reason: REASON.ignoredField, path: "spec.rack.topologyKey", message: `pods carry only the zone and region labels of their node, not ${topologyKey}: the pods keep to nodes with it, but the consumers get no client.rack` }]
      : []),
    ...ignored.map((w) => ({ reason: REASON.ignoredField, ...w })),
    ...(prepared.unknownFields.length > 0 ? [{ reason: REASON.unknownFields, path: "spec", message: `unknown fields are ignored: ${prepared.unknownFields.join(", ")}` }] : []),
  ];
}

/** Ready, or NotReady with what the pods still wait for; then the Warnings. */
export function kafkaClientsConditions(prepared: PreparedSync<unknown>, waitingFor: string | undefined, warnings: readonly ModelProblem[]): Condition[] {
  const { now, previous } = prepared;
  return [
    waitingFor === undefined ? condition("Ready", undefined, undefined, now, previous) : condition("NotReady", REASON.podsNotReady, `waiting for ${waitingFor}`, now, previous),
    ...warningConditions(warnings, now, previous),
  ];
}
