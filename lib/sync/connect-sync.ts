// The KafkaConnect controller's sync: a KafkaConnect and the user's Secrets and
// ConfigMaps it names in; its workers' StrimziPodSet, Services, configuration,
// Role, network policy and disruption budget out, with the status Strimzi
// writes (url, connectorPlugins, replicas, labelSelector).
import type { ConnectorPlugin, KafkaConnect, KafkaConnectStatus } from "../api/kafka-connect.js";
import type { Secret } from "../api/kubernetes.js";
import type { StrimziPodSet } from "../api/strimzi-podset.js";
import { ignoredConnectFieldWarnings } from "../api/ignored-fields.js";
import { validateKafkaConnect } from "../api/validate.js";
import type { Environment } from "../environment.js";
import { KAFKA_EXTRAS_IMAGE } from "../kafka-files/extra-jars.js";
import { isReconciliationPaused } from "../labels.js";
import { objectsOfType, type ObjectsByType, type SyncRequest, type SyncResponse } from "../metacontroller.js";
import { jvmOptionsProblems } from "../model/jvm-options.js";
import type { ModelProblem } from "../model/types.js";
import { connectChildren } from "../operands/connect/connect.js";
import { connectUrl } from "../operands/connect/connect-names.js";
import { connectLabelSelector } from "../operands/connect/labels.js";
import { REST_API_PORT } from "../operands/connect/paths.js";
import { resolveClientSecrets, trustedCertificateProblems } from "../operands/kafka-clients/client-secrets.js";
import { rackLabelOnPod, rackTopologyKey } from "../operands/kafka-clients/rack.js";
import { REASON } from "../reasons.js";
import { condition, warningConditions } from "../status/conditions.js";
import { pausedKafkaStatus, rejectedKafkaStatus } from "../status/kafka-status.js";
import { withObservedStatus } from "../status/observed-status.js";
import { keepObservedChildren } from "./keep-observed.js";
import { externalLogging, metricsConfigJson } from "./operand-config-maps.js";

/**
 * On the workers' StrimziPodSet: the JSON array of `{class, type, version}` the sidecar read from
 * Connect's `GET /connector-plugins` (hooks call no API); the hook copies it into `status.connectorPlugins`.
 */
export const CONNECTOR_PLUGINS_ANNOTATION = "kafka-hooks.io/connector-plugins";

/** What the spec asks for that its schema cannot say: Strimzi's operator refuses these. */
function specProblems(connect: KafkaConnect): ModelProblem[] {
  const { spec } = connect;
  return [
    ...trustedCertificateProblems(spec),
    ...jvmOptionsProblems(spec.jvmOptions, "spec.jvmOptions"),
    ...(spec.build !== undefined && spec.image !== undefined && spec.image === spec.build.output.image
      ? [{ path: "spec.build.output.image", message: "must differ from spec.image: the build starts from the one and pushes the other (Strimzi refuses it too)" }]
      : []),
  ].map((p) => ({ reason: REASON.invalidResource, ...p }));
}

const isPlugin = (value: unknown): value is ConnectorPlugin => {
  if (typeof value !== "object" || value === null) return false;
  const { class: className, type, version } = value as Record<string, unknown>;
  return typeof className === "string" && typeof type === "string" && (version === undefined || typeof version === "string");
};

/** The sidecar's list of plugins on the observed PodSet; a value that is not one is a warning, never a failed sync. */
export function connectorPlugins(podSet: StrimziPodSet | undefined): { plugins?: ConnectorPlugin[]; warning?: ModelProblem } {
  const text = podSet?.metadata.annotations?.[CONNECTOR_PLUGINS_ANNOTATION];
  if (text === undefined) return {};
  const warning = (why: string): { warning: ModelProblem } => ({
    warning: { reason: REASON.invalidConnectorPlugins, path: `StrimziPodSet/${podSet?.metadata.name ?? ""} ${CONNECTOR_PLUGINS_ANNOTATION}`, message: `is ignored: ${why}` },
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return warning("it is not JSON");
  }
  if (!Array.isArray(parsed) || !parsed.every(isPlugin)) return warning("it is not an array of {class, type, version}");
  return { plugins: parsed.map((p) => ({ class: p.class, type: p.type, ...(p.version !== undefined ? { version: p.version } : {}) })) };
}

/** What the PodSet still waits for, read from the observed one; undefined when every worker is ready and current. */
function podSetWaitingFor(desired: StrimziPodSet, observed: StrimziPodSet | undefined): string | undefined {
  const name = desired.metadata.name;
  if (!observed) return `StrimziPodSet ${name} to be created`;
  const pods = desired.spec.pods.length;
  const status = observed.status;
  const done = (status?.observedGeneration ?? 0) >= (observed.metadata.generation ?? 0)
    && status?.pods === pods && status.readyPods === pods && status.currentPods === pods;
  return done ? undefined : `StrimziPodSet ${name}: ${status?.readyPods ?? 0}/${pods} pods ready, ${status?.currentPods ?? 0}/${pods} current`;
}

export function syncKafkaConnect(request: SyncRequest, env: Environment): SyncResponse<KafkaConnectStatus> {
  const now = env.now();
  const parent = withObservedStatus(request.parent) as Partial<KafkaConnect> & SyncRequest["parent"];
  const generation = parent.metadata.generation;
  const keepChildren = (status: KafkaConnectStatus): SyncResponse<KafkaConnectStatus> => ({ status, children: keepObservedChildren(request.children) });
  const reject = (problems: readonly ModelProblem[]): SyncResponse<KafkaConnectStatus> => keepChildren(rejectedKafkaStatus(parent.status, generation, problems, now));

  // As for a Kafka: a paused KafkaConnect is not even validated.
  if (isReconciliationPaused(parent)) return keepChildren(pausedKafkaStatus(parent.status, generation, now));
  const validated = validateKafkaConnect(parent);
  if (!validated.ok) return reject(validated.problems.map((p) => ({ reason: REASON.invalidResource, ...p })));
  const connect = validated.value;
  const refused = specProblems(connect);
  if (refused.length > 0) return reject(refused);
  const secrets = new Map(objectsOfType(request.related, "Secret", "v1").map((s) => [s.metadata.name, s as Secret]));
  const resolved = resolveClientSecrets(connect.spec, secrets);
  if (!resolved.ok) return reject(resolved.problems.map((p) => ({ reason: REASON.invalidResource, ...p })));
  const metrics = metricsConfigJson(connect.spec, request.related);
  if (metrics.problem) return reject([metrics.problem]);
  const logging = externalLogging(connect.spec, request.related);

  const built = connectChildren({
    connect,
    secrets: resolved.value,
    kafkaExtrasImage: env.kafkaExtrasImage ?? KAFKA_EXTRAS_IMAGE,
    ...(logging.properties !== undefined ? { externalLogging: logging.properties } : {}),
    ...(metrics.json !== undefined ? { metricsConfigJson: metrics.json } : {}),
  });
  const observedPodSet = objectsOfType(request.children as ObjectsByType, "StrimziPodSet", "core.strimzi.io/v1")
    .find((p) => p.metadata.name === built.podSet.metadata.name) as StrimziPodSet | undefined;
  const plugins = connectorPlugins(observedPodSet);
  const topologyKey = rackTopologyKey(connect.spec.rack);
  const warnings: ModelProblem[] = [
    ...(logging.warning ? [logging.warning] : []),
    ...(plugins.warning ? [plugins.warning] : []),
    ...built.dropped.map((d) => ({ reason: REASON.forbiddenConfigOption, path: d.path, message: `${d.key} is set by the operator and was ignored` })),
    ...(connect.spec.rack && topologyKey !== undefined && rackLabelOnPod(connect.spec.rack) === undefined
      ? [{ reason: REASON.ignoredField, path: "spec.rack.topologyKey", message: `pods carry only the zone and region labels of their node, not ${topologyKey}: the pods keep to nodes with it, but the consumers get no client.rack` }]
      : []),
    ...ignoredConnectFieldWarnings(connect).map((w) => ({ reason: REASON.ignoredField, ...w })),
    ...(validated.unknownFields.length > 0 ? [{ reason: REASON.unknownFields, path: "spec", message: `unknown fields are ignored: ${validated.unknownFields.join(", ")}` }] : []),
  ];
  const waitingFor = podSetWaitingFor(built.podSet, observedPodSet);
  const previous = parent.status?.conditions;
  const replicas = connect.spec.replicas;
  return {
    status: {
      conditions: [
        waitingFor === undefined ? condition("Ready", undefined, undefined, now, previous) : condition("NotReady", REASON.podsNotReady, `waiting for ${waitingFor}`, now, previous),
        ...warningConditions(warnings, now, previous),
      ],
      observedGeneration: generation ?? 0,
      url: connectUrl(connect.metadata.name, connect.metadata.namespace, REST_API_PORT),
      // Strimzi lists plugins only while there are workers to ask.
      ...(replicas > 0 && plugins.plugins ? { connectorPlugins: plugins.plugins } : {}),
      replicas,
      labelSelector: connectLabelSelector(connect.metadata.name),
    },
    children: built.children,
  };
}
