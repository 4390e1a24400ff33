// The KafkaConnect controller's sync: a KafkaConnect and the user's Secrets and
// ConfigMaps it names in; its workers' StrimziPodSet, Services, configuration,
// Role, network policy and disruption budget out, with the status Strimzi
// writes (url, connectorPlugins, replicas, labelSelector).
import type { ConnectorPlugin, KafkaConnect, KafkaConnectStatus } from "../api/kafka-connect.js";
import { STRIMZI_PODSET_API_VERSION, type StrimziPodSet } from "../api/strimzi-podset.js";
import { ignoredConnectFieldWarnings } from "../api/ignored-fields.js";
import { validateKafkaConnect } from "../api/validate.js";
import type { Environment } from "../environment.js";
import { KAFKA_EXTRAS_IMAGE } from "../kafka-files/extra-jars.js";
import { objectsOfType, type SyncRequest, type SyncResponse } from "../metacontroller.js";
import { jvmOptionsProblems } from "../model/jvm-options.js";
import type { ModelProblem } from "../model/types.js";
import type { Condition, ConfigMap, KubeObject, Pod, ServiceAccount } from "../api/kubernetes.js";
import { connectBuild } from "../operands/connect/build.js";
import { buildPlugins } from "../operands/connect/build-plugins.js";
import { buildPodInAnswer, buildPodOf, connectBuildState, workersImage, type BuildState } from "../operands/connect/build-state.js";
import { connectChildren, type ConnectInput } from "../operands/connect/connect.js";
import { connectName, connectUrl } from "../operands/connect/connect-names.js";
import { CONNECT_FLAVOUR } from "../operands/connect/kafka-connect-flavour.js";
import { connectImage } from "../operands/connect/podset.js";
import { asChild } from "../operands/operand.js";
import { condition, warningConditions } from "../status/conditions.js";
import { connectLabelSelector } from "../operands/connect/labels.js";
import { REST_API_PORT } from "../operands/connect/paths.js";
import { trustedCertificateProblems } from "../operands/kafka-clients/client-secrets.js";
import { REASON } from "../reasons.js";
import { kafkaClientsConditions, kafkaClientsWarnings, prepareKafkaClientsSync, type PreparedSync } from "./kafka-clients-sync.js";

/**
 * On the workers' StrimziPodSet: the JSON array of `{class, type, version}` the sidecar read from
 * Connect's `GET /connector-plugins` (hooks call no API); the hook copies it into `status.connectorPlugins`.
 */
export const CONNECTOR_PLUGINS_ANNOTATION = "kafka-hooks.io/connector-plugins";

/** What the spec asks for that its schema cannot say: Strimzi's operator refuses these. */
function specProblems(connect: KafkaConnect): Array<{ path: string; message: string }> {
  const { spec } = connect;
  return [
    ...trustedCertificateProblems(spec),
    ...jvmOptionsProblems(spec.jvmOptions, "spec.jvmOptions"),
    ...(spec.build !== undefined && spec.image !== undefined && spec.image === spec.build.output.image
      ? [{ path: "spec.build.output.image", message: "must differ from spec.image: the build starts from the one and pushes the other (Strimzi refuses it too)" }]
      : []),
    ...(spec.build !== undefined ? buildProblems(spec.build) : []),
  ];
}

function buildProblems(build: NonNullable<KafkaConnect["spec"]["build"]>): Array<{ path: string; message: string }> {
  const checked = buildPlugins(build);
  return "problems" in checked ? checked.problems : [];
}

const named = <T>(objects: readonly KubeObject[], name: string): T | undefined =>
  objects.find((o) => o.metadata.name === name) as T | undefined;

/** The build's objects in this answer and the workers' image, from where the build stands (build-state.ts). */
function connectBuildChildren(connect: KafkaConnect, request: SyncRequest): { build: NonNullable<ConnectInput["build"]>; state: BuildState } | undefined {
  const spec = connect.spec;
  if (spec.build === undefined) return undefined;
  const checked = buildPlugins(spec.build);
  // specProblems refused the sync otherwise.
  if ("problems" in checked) return undefined;
  const desired = connectBuild({ connect: { ...connect, spec: { ...spec, build: spec.build } }, plugins: checked.plugins, fromImage: connectImage(spec) });
  const observedPodSet = observedWorkers(request, connectName(connect.metadata.name));
  const state = connectBuildState(desired, {
    podSet: observedPodSet,
    pod: named<Pod>(objectsOfType(request.children, "Pod", "v1"), desired.name),
    configMap: named<ConfigMap>(objectsOfType(request.children, "ConfigMap", "v1"), desired.configMap.metadata?.name ?? ""),
    serviceAccount: named<ServiceAccount>(objectsOfType(request.children, "ServiceAccount", "v1"), desired.name),
  });
  return {
    build: {
      children: [desired.configMap, desired.serviceAccount, ...(buildPodInAnswer(state) ? [buildPodOf(state, desired)] : [])].map(asChild),
      workers: workersImage(state, desired, observedPodSet),
    },
    state,
  };
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

/** The kafka-extras image and the user's files a Connect cluster's builders take, from the prepared sync. */
export function workerFiles(prepared: Pick<PreparedSync<unknown>, "externalLogging" | "metricsConfigJson">, env: Environment):
  { kafkaExtrasImage: string; externalLogging?: string; metricsConfigJson?: string } {
  return {
    kafkaExtrasImage: env.kafkaExtrasImage ?? KAFKA_EXTRAS_IMAGE,
    ...(prepared.externalLogging !== undefined ? { externalLogging: prepared.externalLogging } : {}),
    ...(prepared.metricsConfigJson !== undefined ? { metricsConfigJson: prepared.metricsConfigJson } : {}),
  };
}

/** The observed PodSet of the workers (`<name>-connect`, `<name>-mirrormaker2`). */
export const observedWorkers = (request: SyncRequest, podSetName: string): StrimziPodSet | undefined =>
  named<StrimziPodSet>(objectsOfType(request.children, "StrimziPodSet", STRIMZI_PODSET_API_VERSION), podSetName);

/** What the PodSet still waits for, read from the observed one; undefined when every worker is ready and current. */
export function podSetWaitingFor(desired: StrimziPodSet, observed: StrimziPodSet | undefined): string | undefined {
  const name = desired.metadata.name;
  if (!observed) return `StrimziPodSet ${name} to be created`;
  const pods = desired.spec.pods.length;
  const status = observed.status;
  const done = (status?.observedGeneration ?? 0) >= (observed.metadata.generation ?? 0)
    && status?.pods === pods && status.readyPods === pods && status.currentPods === pods;
  return done ? undefined : `StrimziPodSet ${name}: ${status?.readyPods ?? 0}/${pods} pods ready, ${status?.currentPods ?? 0}/${pods} current`;
}

/** The build's NotReady while it runs or after it failed; the workers' readiness otherwise. */
function connectConditions(prepared: PreparedSync<KafkaConnect>, build: BuildState | undefined, podSetWaiting: string | undefined, warnings: readonly ModelProblem[]): Condition[] {
  const { now, previous } = prepared;
  if (build?.phase === "failed") {
    return [
      condition("NotReady", REASON.connectBuildFailed, `spec.build: ${build.message}; the workers keep the image they run, and deleting the build pod starts the build again`, now, previous),
      ...warningConditions(warnings, now, previous),
    ];
  }
  if (build?.phase === "building") {
    return [condition("NotReady", REASON.connectBuildRunning, `waiting for ${build.waitingFor}`, now, previous), ...warningConditions(warnings, now, previous)];
  }
  return kafkaClientsConditions(prepared, podSetWaiting, warnings);
}

export function syncKafkaConnect(request: SyncRequest, env: Environment): SyncResponse<KafkaConnectStatus> {
  const front = prepareKafkaClientsSync<KafkaConnect, KafkaConnectStatus>(request, env, validateKafkaConnect, specProblems);
  if ("answer" in front) return front.answer;
  const { prepared } = front;
  const connect = prepared.resource;
  const build = connectBuildChildren(connect, request);
  const built = connectChildren({ connect, flavour: CONNECT_FLAVOUR, secrets: prepared.secrets, ...workerFiles(prepared, env), ...(build ? { build: build.build } : {}) });
  const observedPodSet = observedWorkers(request, CONNECT_FLAVOUR.componentName(connect.metadata.name));
  const plugins = connectorPlugins(observedPodSet);
  const warnings = [
    ...(plugins.warning ? [plugins.warning] : []),
    ...kafkaClientsWarnings(prepared, built.dropped, ignoredConnectFieldWarnings(connect)),
  ];
  const replicas = connect.spec.replicas;
  return {
    status: {
      conditions: connectConditions(prepared, build?.state, built.podSet ? podSetWaitingFor(built.podSet, observedPodSet) : undefined, warnings),
      observedGeneration: prepared.generation,
      url: connectUrl(connect.metadata.name, connect.metadata.namespace, REST_API_PORT),
      // Strimzi lists plugins only while there are workers to ask.
      ...(replicas > 0 && plugins.plugins ? { connectorPlugins: plugins.plugins } : {}),
      replicas,
      labelSelector: connectLabelSelector(CONNECT_FLAVOUR, connect.metadata.name),
    },
    children: built.children,
  };
}
