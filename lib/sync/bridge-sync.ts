// The KafkaBridge controller's sync: a KafkaBridge and the user's Secrets and
// ConfigMaps it names in; its Deployment, Service, configuration and disruption
// budget out, with the status Strimzi writes (url, replicas, labelSelector).
import type { KafkaBridge, KafkaBridgeStatus } from "../api/kafka-bridge.js";
import type { Deployment } from "../api/kubernetes.js";
import { ignoredBridgeFieldWarnings } from "../api/ignored-fields.js";
import { validateKafkaBridge } from "../api/validate.js";
import type { Environment } from "../environment.js";
import { ANNOTATION } from "../labels.js";
import { objectsOfType, type ObjectsByType, type SyncRequest, type SyncResponse } from "../metacontroller.js";
import { jvmOptionsProblems } from "../model/jvm-options.js";
import { bridgeChildren } from "../operands/bridge/bridge.js";
import { bridgeUrl } from "../operands/bridge/bridge-names.js";
import { trustedCertificateProblems } from "../operands/kafka-clients/client-secrets.js";
import { bridgeLabelSelector } from "../operands/bridge/labels.js";
import { DEFAULT_HTTP_PORT } from "../operands/bridge/paths.js";
import { kafkaClientsConditions, kafkaClientsWarnings, prepareKafkaClientsSync } from "./kafka-clients-sync.js";

/** What the spec asks for that its schema cannot say: Strimzi's operator refuses these. */
function specProblems(bridge: KafkaBridge): Array<{ path: string; message: string }> {
  const { spec } = bridge;
  return [
    ...(spec.http === undefined ? [{ path: "spec.http", message: "is required: the Bridge has no REST API without it (Strimzi refuses it too)" }] : []),
    ...trustedCertificateProblems(spec),
    ...jvmOptionsProblems(spec.jvmOptions, "spec.jvmOptions"),
  ];
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
  const front = prepareKafkaClientsSync<KafkaBridge, KafkaBridgeStatus>(request, env, validateKafkaBridge, specProblems);
  if ("answer" in front) return front.answer;
  const { prepared } = front;
  const bridge = prepared.resource;
  const built = bridgeChildren({
    bridge,
    secrets: prepared.secrets,
    ...(prepared.externalLogging !== undefined ? { externalLogging: prepared.externalLogging } : {}),
    ...(prepared.metricsConfigJson !== undefined ? { metricsConfigJson: prepared.metricsConfigJson } : {}),
  });
  const warnings = kafkaClientsWarnings(prepared, built.dropped, ignoredBridgeFieldWarnings(bridge));
  const waitingFor = deploymentWaitingFor(built.deployment, request.children);
  const replicas = bridge.spec.replicas;
  return {
    status: {
      conditions: kafkaClientsConditions(prepared, waitingFor, warnings),
      observedGeneration: prepared.generation,
      // Strimzi gives no address while the Bridge has no pods.
      ...(replicas > 0 ? { url: bridgeUrl(bridge.metadata.name, bridge.metadata.namespace, bridge.spec.http?.port ?? DEFAULT_HTTP_PORT) } : {}),
      replicas,
      labelSelector: bridgeLabelSelector(bridge.metadata.name),
    },
    children: built.children,
  };
}
