// The pods of one node pool, as the shared template plus one small entry per pod.
import type { PodTemplate } from "../../api/common.js";
import type { Affinity, Container, EnvVar, PodSpec, Volume, VolumeMount } from "../../api/kubernetes.js";
import type { PodEntry, PodTemplateSpec } from "../../api/strimzi-podset.js";
import {
  CLIENTS_CA_MOUNT, CLUSTER_CA_MOUNT, CONFIG_MOUNT, CONTROL_PLANE_PORT, METRICS_PORT, NODE_CERTS_MOUNT,
  REPLICATION_PORT, START_SCRIPT_KEY, TMP_MOUNT,
} from "../../kafka-files/paths.js";
import { clusterLabels, LABEL } from "../../labels.js";
import {
  brokersServiceName, clientsCaCertSecretName, clusterCaCertSecretName, dataMountPath, dataVolumeName,
  nodeCertSecretName, nodeConfigMapName, persistentVolumeClaimName, serviceAccountName,
} from "../../names.js";
import { extraJarFeatures } from "../../config/metrics.js";
import { EXTRA_JARS_MOUNT } from "../../kafka-files/extra-jars.js";
import { rackTopologyKey } from "../../model/node-rack.js";
import type { DataVolume, KafkaClusterModel, KafkaNode, NodePoolModel } from "../../model/types.js";
import { sortKeys } from "../../sort-keys.js";
import { kafkaExtrasContainer, probeTiming, RESTRICTED_CONTAINER_SECURITY_CONTEXT, templatePodSettings } from "../../builders/pod-template.js";
import { rackAffinity } from "./rack-affinity.js";

// The official apache/kafka image runs as `appuser` (uid/gid 1000); the kubelet can
// only enforce runAsNonRoot for a numeric user, so the ids are spelled out.
export const KAFKA_UID = 1000;
const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
const DEFAULT_TMP_SIZE_LIMIT = "100Mi";

const VOLUME = {
  config: "kafka-config",
  clusterCa: "cluster-ca",
  clientsCa: "clients-ca",
  nodeCerts: "broker-certs",
  tmp: "strimzi-tmp",
  extraJars: "kafka-extras",
} as const;

/** Pool template sections take precedence over the Kafka's, field by field (Strimzi's rule). */
function podTemplate(model: KafkaClusterModel, pool: NodePoolModel): PodTemplate {
  return { ...model.template?.pod, ...pool.template?.pod };
}

function containerPorts(model: KafkaClusterModel, pool: NodePoolModel): NonNullable<Container["ports"]> {
  const ports: NonNullable<Container["ports"]> = [];
  if (pool.roles.includes("controller")) ports.push({ name: "tcp-ctrlplane", containerPort: CONTROL_PLANE_PORT, protocol: "TCP" });
  if (pool.roles.includes("broker")) {
    ports.push({ name: "tcp-replication", containerPort: REPLICATION_PORT, protocol: "TCP" });
    for (const l of model.listeners) ports.push({ name: `tcp-${l.name}`, containerPort: l.port, protocol: "TCP" });
  }
  if (model.metricsConfig) ports.push({ name: "tcp-prometheus", containerPort: METRICS_PORT, protocol: "TCP" });
  return ports;
}

function dataVolumeMounts(pool: NodePoolModel): VolumeMount[] {
  return pool.volumes.map((v) => ({ name: dataVolumeName(v.id), mountPath: dataMountPath(v.id) }));
}

/**
 * Copies the jars of the features the configuration uses from the kafka-extras image into the
 * emptyDir the Kafka container reads them from, so the broker image stays apache/kafka
 * (docs/ARCHITECTURE.md, Extra jars). Only the features used: a pod that needs none has no init container.
 * `template.initContainer` applies to it, as Strimzi's applies to its init container.
 */
function extraJarsContainer(model: KafkaClusterModel, pool: NodePoolModel): Container | undefined {
  const features = extraJarFeatures(model, pool.roles.includes("broker"));
  if (features.length === 0) return undefined;
  return kafkaExtrasContainer(model.kafkaExtrasImage, features, VOLUME.extraJars, { ...model.template?.initContainer, ...pool.template?.initContainer });
}

function kafkaContainer(model: KafkaClusterModel, pool: NodePoolModel): Container {
  const containerTemplate = { ...model.template?.kafkaContainer, ...pool.template?.kafkaContainer };
  // A broker is ready once it serves replication; a controller-only node once the quorum port is open.
  const probePort = pool.roles.includes("broker") ? REPLICATION_PORT : CONTROL_PLANE_PORT;
  const probe = (spec: KafkaClusterModel["readinessProbe"]) => ({ tcpSocket: { port: probePort }, ...probeTiming(spec) });
  const env: EnvVar[] = containerTemplate.env ?? [];
  return {
    name: "kafka",
    image: model.image,
    imagePullPolicy: "IfNotPresent",
    command: ["/bin/bash", `${CONFIG_MOUNT}/${START_SCRIPT_KEY}`],
    ports: containerPorts(model, pool),
    ...(env.length > 0 ? { env } : {}),
    ...(pool.resources ? { resources: pool.resources } : {}),
    readinessProbe: probe(model.readinessProbe),
    livenessProbe: probe(model.livenessProbe),
    volumeMounts: [
      ...dataVolumeMounts(pool),
      { name: VOLUME.config, mountPath: CONFIG_MOUNT, readOnly: true },
      { name: VOLUME.clusterCa, mountPath: CLUSTER_CA_MOUNT, readOnly: true },
      { name: VOLUME.clientsCa, mountPath: CLIENTS_CA_MOUNT, readOnly: true },
      { name: VOLUME.nodeCerts, mountPath: NODE_CERTS_MOUNT, readOnly: true },
      { name: VOLUME.tmp, mountPath: TMP_MOUNT },
      ...(extraJarFeatures(model, pool.roles.includes("broker")).length > 0 ? [{ name: VOLUME.extraJars, mountPath: EXTRA_JARS_MOUNT, readOnly: true }] : []),
      ...(containerTemplate.volumeMounts ?? []),
    ],
    securityContext: containerTemplate.securityContext ?? RESTRICTED_CONTAINER_SECURITY_CONTEXT,
    terminationMessagePolicy: "FallbackToLogsOnError",
  };
}

/**
 * Labels of every pod of a pool, as Strimzi's pods carry them (KafkaPool's labels:
 * the cluster's, `app.kubernetes.io/*` included, the pool and the roles); the
 * per-pod ones are added by podEntry.
 */
export function poolPodLabels(model: KafkaClusterModel, pool: NodePoolModel): Record<string, string> {
  return {
    ...clusterLabels(model.name),
    [LABEL.poolName]: pool.name,
    [LABEL.brokerRole]: String(pool.roles.includes("broker")),
    [LABEL.controllerRole]: String(pool.roles.includes("controller")),
  };
}

function affinityOf(model: KafkaClusterModel, pool: NodePoolModel, affinity: Affinity | undefined): Affinity | undefined {
  const topologyKey = rackTopologyKey(model);
  return topologyKey !== undefined && pool.roles.includes("broker") ? rackAffinity(affinity, topologyKey) : affinity;
}

export function podTemplateSpec(model: KafkaClusterModel, pool: NodePoolModel): PodTemplateSpec {
  const template = podTemplate(model, pool);
  const extraJars = extraJarsContainer(model, pool);
  const spec: PodSpec = {
    serviceAccountName: serviceAccountName(model.name),
    // Kafka nodes never call the Kubernetes API.
    automountServiceAccountToken: false,
    subdomain: brokersServiceName(model.name),
    securityContext: template.securityContext ?? {
      runAsUser: KAFKA_UID,
      runAsGroup: KAFKA_UID,
      fsGroup: KAFKA_UID,
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    },
    terminationGracePeriodSeconds: template.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
    ...(extraJars ? { initContainers: [extraJars] } : {}),
    containers: [kafkaContainer(model, pool)],
    volumes: [
      { name: VOLUME.clusterCa, secret: { secretName: clusterCaCertSecretName(model.name) } },
      { name: VOLUME.clientsCa, secret: { secretName: clientsCaCertSecretName(model.name) } },
      { name: VOLUME.tmp, emptyDir: { sizeLimit: template.tmpDirSizeLimit ?? DEFAULT_TMP_SIZE_LIMIT } },
      ...(extraJars ? [{ name: VOLUME.extraJars, emptyDir: {} }] : []),
      ...(template.volumes ?? []),
    ],
    ...templatePodSettings(template, affinityOf(model, pool, template.affinity)),
  };
  return {
    metadata: {
      labels: sortKeys({ ...template.metadata?.labels, ...poolPodLabels(model, pool) }),
      ...(template.metadata?.annotations ? { annotations: sortKeys(template.metadata.annotations) } : {}),
    },
    spec,
  };
}

function dataVolume(volume: DataVolume, pod: string): Volume {
  const name = dataVolumeName(volume.id);
  if (volume.type === "ephemeral") {
    return { name, emptyDir: volume.sizeLimit ? { sizeLimit: volume.sizeLimit } : {} };
  }
  return { name, persistentVolumeClaim: { claimName: persistentVolumeClaimName(volume.id, pod) } };
}

/** What one node's pod adds to the pool's template: its name, hostname and own volumes. */
export function podEntry(model: KafkaClusterModel, pool: NodePoolModel, node: KafkaNode, annotations: Record<string, string>): PodEntry {
  return {
    metadata: {
      name: node.podName,
      labels: { [LABEL.podName]: node.podName, [LABEL.statefulSetPodName]: node.podName },
      annotations: sortKeys(annotations),
    },
    spec: {
      hostname: node.podName,
      volumes: [
        ...pool.volumes.map((v) => dataVolume(v, node.podName)),
        { name: VOLUME.config, configMap: { name: nodeConfigMapName(model.name, pool.name, node.nodeId) } },
        { name: VOLUME.nodeCerts, secret: { secretName: nodeCertSecretName(model.name, pool.name, node.nodeId) } },
      ],
    },
  };
}
