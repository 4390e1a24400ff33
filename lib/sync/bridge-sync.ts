// The KafkaBridge controller's sync: a KafkaBridge and the user's Secrets and
// ConfigMaps it names in; its Deployment, Service, configuration and disruption
// budget out, with the status Strimzi writes (url, replicas, labelSelector).
import yaml from "js-yaml";
import type { KafkaBridge, KafkaBridgeStatus } from "../api/kafka-bridge.js";
import type { ConfigMap, Deployment, Secret } from "../api/kubernetes.js";
import { ignoredBridgeFieldWarnings } from "../api/ignored-fields.js";
import { validateKafkaBridge } from "../api/validate.js";
import type { Environment } from "../environment.js";
import { ANNOTATION, isReconciliationPaused } from "../labels.js";
import { objectsOfType, type ObjectsByType, type SyncRequest, type SyncResponse } from "../metacontroller.js";
import { jvmOptionsProblems } from "../model/jvm-options.js";
import type { ModelProblem } from "../model/types.js";
import { bridgeChildren } from "../operands/bridge/bridge.js";
import { bridgeUrl } from "../operands/bridge/bridge-names.js";
import { resolveClientSecrets, trustedCertificateProblems } from "../operands/bridge/client-secrets.js";
import { bridgeLabelSelector } from "../operands/bridge/labels.js";
import { externalBridgeLogging } from "../operands/bridge/logging.js";
import { DEFAULT_HTTP_PORT } from "../operands/bridge/paths.js";
import { rackLabelOnPod, rackTopologyKey } from "../operands/bridge/rack.js";
import { REASON } from "../reasons.js";
import { condition, warningConditions } from "../status/conditions.js";
import { pausedKafkaStatus, rejectedKafkaStatus } from "../status/kafka-status.js";
import { withObservedStatus } from "../status/observed-status.js";
import { keepObservedChildren } from "./keep-observed.js";

const configMapNamed = (related: ObjectsByType, name: string): ConfigMap | undefined =>
  objectsOfType(related, "ConfigMap", "v1").find((c) => c.metadata.name === name) as ConfigMap | undefined;

/** What the spec asks for that its schema cannot say: Strimzi's operator refuses these. */
function specProblems(bridge: KafkaBridge): ModelProblem[] {
  const { spec } = bridge;
  return [
    ...(spec.http === undefined ? [{ path: "spec.http", message: "is required: the Bridge has no REST API without it (Strimzi refuses it too)" }] : []),
    ...trustedCertificateProblems(spec),
    ...jvmOptionsProblems(spec.jvmOptions, "spec.jvmOptions"),
  ].map((p) => ({ reason: REASON.invalidResource, ...p }));
}

/** The Prometheus JMX Exporter's rules, YAML or JSON in the user's ConfigMap, as JSON (Strimzi's metrics-config.json). */
function metricsConfigJson(bridge: KafkaBridge, related: ObjectsByType): { json?: string; problem?: ModelProblem } {
  const metrics = bridge.spec.metricsConfig;
  if (metrics?.type !== "jmxPrometheusExporter") return {};
  const ref = metrics.valueFrom?.configMapKeyRef;
  const path = "spec.metricsConfig.valueFrom.configMapKeyRef";
  const problem = (message: string): { problem: ModelProblem } => ({ problem: { reason: REASON.invalidResource, path, message } });
  if (!ref?.name || !ref.key) return problem("must name a ConfigMap and a key");
  const configMap = configMapNamed(related, ref.name);
  if (!configMap) return problem(`ConfigMap ${ref.name} does not exist`);
  const text = configMap.data?.[ref.key];
  if (text === undefined) return problem(`ConfigMap ${ref.name} has no key ${ref.key}`);
  try {
    return { json: JSON.stringify(yaml.load(text) ?? {}) };
  } catch {
    return problem(`ConfigMap ${ref.name} key ${ref.key} is neither YAML nor JSON`);
  }
}

function externalLogging(bridge: KafkaBridge, related: ObjectsByType): { properties?: string; warning?: ModelProblem } {
  const ref = externalBridgeLogging(bridge.spec);
  if (!ref) return {};
  const properties = ref.key === undefined || ref.name === undefined ? undefined : configMapNamed(related, ref.name)?.data?.[ref.key];
  if (properties !== undefined) return { properties };
  return { warning: { reason: REASON.externalLoggingNotFound, path: "spec.logging.valueFrom.configMapKeyRef", message: `ConfigMap ${ref.name} key ${ref.key} does not exist; the default logging is used until it does` } };
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
  const metrics = metricsConfigJson(bridge, request.related);
  if (metrics.problem) return reject([metrics.problem]);
  const logging = externalLogging(bridge, request.related);

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
