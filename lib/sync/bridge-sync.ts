// The KafkaBridge controller's sync: a KafkaBridge and the user's Secrets and
// ConfigMaps it names in; its Deployment, Service, configuration and disruption
// budget out, with the status Strimzi writes (url, replicas, labelSelector).
import type { KafkaBridge, KafkaBridgeStatus } from "../api/kafka-bridge.js";
import type { Deployment, Secret } from "../api/kubernetes.js";
import { ignoredBridgeFieldWarnings } from "../api/ignored-fields.js";
import { validateKafkaBridge } from "../api/validate.js";
import type { Environment } from "../environment.js";
import { ANNOTATION, isReconciliationPaused } from "../labels.js";
import { objectsOfType, type ObjectsByType, type SyncRequest, type SyncResponse } from "../metacontroller.js";
import { jvmOptionsProblems } from "../model/jvm-options.js";
import type { ModelProblem } from "../model/types.js";
import { bridgeChildren } from "../operands/bridge/bridge.js";
import { bridgeUrl } from "../operands/bridge/bridge-names.js";
import { resolveClientSecrets, trustedCertificateProblems } from "../operands/kafka-clients/client-secrets.js";
import { bridgeLabelSelector } from "../operands/bridge/labels.js";
import { DEFAULT_HTTP_PORT } from "../operands/bridge/paths.js";
import { rackLabelOnPod, rackTopologyKey } from "../operands/kafka-clients/rack.js";
import { REASON } from "../reasons.js";
import { condition, warningConditions } from "../status/conditions.js";
import { pausedKafkaStatus, rejectedKafkaStatus } from "../status/kafka-status.js";
import { withObservedStatus } from "../status/observed-status.js";
import { keepObservedChildren } from "./keep-observed.js";
import { externalLogging, metricsConfigJson } from "./operand-config-maps.js";

/** What the spec asks for that its schema cannot say: Strimzi's operator refuses these. */
function specProblems(bridge: KafkaBridge): ModelProblem[] {
  const { spec } = bridge;
  return [
    ...(spec.http === undefined ? [{ path: "spec.http", message: "is required: the Bridge has no REST API without it (Strimzi refuses it too)" }] : []),
    ...trustedCertificateProblems(spec),
    ...jvmOptionsProblems(spec.jvmOptions, "spec.jvmOptions"),
  ].map((p) => ({ reason: REASON.invalidResource, ...p }));
}

/** What the Deployment still waits for, read from the observed one; undefined when every pod is ready and current. */
function deploymentWaitingFor(desired: Deployment, children: ObjectsByType): string | undefined {
  const name = desired.metadata?.name ?? "";
  const observed = objectsOfType(children, "Deployment", "apps/v1").find((d) => d.metadata.name === name) as Deployment | undefined;
  if (!observed) return `Deployment ${name} to be created`;
  const replicas = desired.spec?.replicas ?? 0;
  const hashes = [ANNOTATION.configurationHash, ANNOTATION.authHash];
  const current = observed.spec?.replicas === replicas
    && observed.spec?.template?.spec?.containers?.[0]?.image === desired.spec?.template?.spec?.containers?.[0]?.image
    && hashes.every((h) => observed.spec?.template?.metadata?.annotations?.[h] === desired.spec?.template?.metadata?.annotations?.[h]);
  const status = observed.status;
  const rolledOut = current
    && (status?.observedGeneration ?? 0) >= (observed.metadata?.generation ?? 0)
    && (status?.updatedReplicas ?? 0) === replicas
    && (status?.readyReplicas ?? 0) === replicas
    && (status?.replicas ?? 0) === replicas;
  return rolledOut ? undefined : `Deployment ${name}: ${status?.readyReplicas ?? 0}/${replicas} pods ready, ${status?.updatedReplicas ?? 0}/${replicas} current`;
}

export function syncKafkaBridge(request: SyncRequest, env: Environment): SyncResponse<KafkaBridgeStatus> {
  const now = env.now();
  const parent = withObservedStatus(request.parent) as Partial<KafkaBridge> & SyncRequest["parent"];
  const generation = parent.metadata.generation;
  const keepChildren = (status: KafkaBridgeStatus): SyncResponse<KafkaBridgeStatus> => ({ status, children: keepObservedChildren(request.children) });
  const reject = (problems: readonly ModelProblem[]): SyncResponse<KafkaBridgeStatus> => keepChildren(rejectedKafkaStatus(parent.status, generation, problems, now));

  // As for a Kafka: a paused Bridge is not even validated.
  if (isReconciliationPaused(parent)) return keepChildren(pausedKafkaStatus(parent.status, generation, now));
  const validated = validateKafkaBridge(parent);
  if (!validated.ok) return reject(validated.problems.map((p) => ({ reason: REASON.invalidResource, ...p })));
  const bridge = validated.value;
  const refused = specProblems(bridge);
  if (refused.length > 0) return reject(refused);
  const secrets = new Map(objectsOfType(request.related, "Secret", "v1").map((s) => [s.metadata.name, s as Secret]));
  const resolved = resolveClientSecrets(bridge.spec, secrets);
  if (!resolved.ok) return reject(resolved.problems.map((p) => ({ reason: REASON.invalidResource, ...p })));
  const metrics = metricsConfigJson(bridge.spec, request.related);
  if (metrics.problem) return reject([metrics.problem]);
  const logging = externalLogging(bridge.spec, request.related);

  const built = bridgeChildren({
    bridge,
    secrets: resolved.value,
    ...(logging.properties !== undefined ? { externalLogging: logging.properties } : {}),
    ...(metrics.json !== undefined ? { metricsConfigJson: metrics.json } : {}),
  });
  const topologyKey = rackTopologyKey(bridge.spec.rack);
  const warnings: ModelProblem[] = [
    ...(logging.warning ? [logging.warning] : []),
    ...built.dropped.map((d) => ({ reason: REASON.forbiddenConfigOption, path: d.path, message: `${d.key} is set by the operator and was ignored` })),
    ...(bridge.spec.rack && topologyKey !== undefined && rackLabelOnPod(bridge.spec.rack) === undefined
      ? [{ reason: REASON.ignoredField, path: "spec.rack.topologyKey", message: `pods carry only the zone and region labels of their node, not ${topologyKey}: the pods keep to nodes with it, but the consumers get no client.rack` }]
      : []),
    ...ignoredBridgeFieldWarnings(bridge).map((w) => ({ reason: REASON.ignoredField, ...w })),
    ...(validated.unknownFields.length > 0 ? [{ reason: REASON.unknownFields, path: "spec", message: `unknown fields are ignored: ${validated.unknownFields.join(", ")}` }] : []),
  ];
  const waitingFor = deploymentWaitingFor(built.deployment, request.children);
  const previous = parent.status?.conditions;
  const replicas = bridge.spec.replicas;
  return {
    status: {
      conditions: [
        waitingFor === undefined ? condition("Ready", undefined, undefined, now, previous) : condition("NotReady", REASON.podsNotReady, `waiting for ${waitingFor}`, now, previous),
        ...warningConditions(warnings, now, previous),
      ],
      observedGeneration: generation ?? 0,
      // Strimzi gives no address while the Bridge has no pods.
      ...(replicas > 0 ? { url: bridgeUrl(bridge.metadata.name, bridge.metadata.namespace, bridge.spec.http?.port ?? DEFAULT_HTTP_PORT) } : {}),
      replicas,
      labelSelector: bridgeLabelSelector(bridge.metadata.name),
    },
    children: built.children,
  };
}
