// The Kafka controller's sync: a Kafka, its pools and the observed children in;
// the desired children and the status out.
import type { Kafka, KafkaStatus } from "../api/kafka.js";
import { KAFKA_API_VERSION } from "../api/kafka.js";
import type { KafkaNodePool } from "../api/kafka-nodepool.js";
import type { KubeObject } from "../api/kubernetes.js";
import { STRIMZI_PODSET_API_VERSION, type StrimziPodSet } from "../api/strimzi-podset.js";
import { validateKafka, validateKafkaNodePool } from "../api/validate.js";
import { nodeConfigMap } from "../builders/node-configmap.js";
import { networkPolicy } from "../builders/network-policy.js";
import { podDisruptionBudget } from "../builders/pod-disruption-budget.js";
import { podSet } from "../builders/podset.js";
import { serviceAccount } from "../builders/service-account.js";
import { bootstrapService, brokersService } from "../builders/services.js";
import { shortHash } from "../hash.js";
import { LABEL } from "../labels.js";
import { objectsOfType, type SyncRequest, type SyncResponse } from "../metacontroller.js";
import { buildClusterModel, type ModelProblem } from "../model/cluster.js";
import type { KafkaClusterModel } from "../model/types.js";
import { REASON } from "../reasons.js";
import { kafkaStatus, podSetReadiness, rejectedKafkaStatus } from "../status/kafka-status.js";
import type { Environment } from "./environment.js";
import { keepObservedChildren } from "./keep-observed.js";

export const CONFIGURATION_HASH_ANNOTATION = "strimzi.io/configuration-hash";

/** Pools of this cluster among the related KafkaNodePools, each validated. */
function clusterPools(request: SyncRequest, cluster: string): { pools: KafkaNodePool[]; problems: ModelProblem[]; unknownFields: string[] } {
  const pools: KafkaNodePool[] = [];
  const problems: ModelProblem[] = [];
  const unknownFields: string[] = [];
  for (const candidate of objectsOfType(request.related, "KafkaNodePool", KAFKA_API_VERSION)) {
    if (candidate.metadata.labels?.[LABEL.cluster] !== cluster) continue;
    const result = validateKafkaNodePool(candidate);
    const where = `KafkaNodePool/${candidate.metadata.name}`;
    if (result.ok) {
      pools.push(result.value);
      unknownFields.push(...result.unknownFields.map((f) => `${where} ${f}`));
    } else {
      problems.push(...result.problems.map((p) => ({ reason: REASON.invalidResource, path: `${where} ${p.path}`, message: p.message })));
    }
  }
  return { pools, problems, unknownFields };
}

/** Builders return typed Kubernetes objects; Metacontroller takes any object with a name. */
const asChild = (object: { apiVersion?: string; kind?: string; metadata?: object }): KubeObject => object as KubeObject;

function desiredChildren(model: KafkaClusterModel): { children: KubeObject[]; podSets: StrimziPodSet[] } {
  const perNode = model.nodes.map((node) => ({ node, configMap: nodeConfigMap(model, node) }));
  // A pod restarts when its configuration changes: the hash of its ConfigMap's data
  // is part of the pod, so the pod's revision changes with it.
  const podAnnotations = new Map(perNode.map(({ node, configMap }) => [
    node.podName,
    { [CONFIGURATION_HASH_ANNOTATION]: shortHash(JSON.stringify(configMap.data)) },
  ]));
  const podSets = model.pools.map((pool) => podSet(model, pool, podAnnotations));
  const children = [
    ...podSets,
    ...perNode.map(({ configMap }) => configMap),
    bootstrapService(model),
    brokersService(model),
    podDisruptionBudget(model),
    serviceAccount(model),
    networkPolicy(model),
  ].map(asChild);
  return { children, podSets };
}

export function syncKafka(request: SyncRequest, env: Environment): SyncResponse<KafkaStatus> {
  const now = env.now();
  const parent = request.parent as Partial<Kafka>;
  const reject = (problems: readonly ModelProblem[]): SyncResponse<KafkaStatus> => ({
    status: rejectedKafkaStatus(parent.status, parent.metadata?.generation, problems, now),
    children: keepObservedChildren(request.children),
  });

  const validated = validateKafka(request.parent);
  if (!validated.ok) {
    return reject(validated.problems.map((p) => ({ reason: REASON.invalidResource, ...p })));
  }
  const kafka = validated.value;
  const pools = clusterPools(request, kafka.metadata.name);
  if (pools.problems.length > 0) return reject(pools.problems);

  const observedPodSets = objectsOfType<StrimziPodSet>(request.children, "StrimziPodSet", STRIMZI_PODSET_API_VERSION);
  const built = buildClusterModel({ kafka, pools: pools.pools, observedPodSets, random: env.random });
  if (!built.ok) return reject(built.problems);

  const unknownFields = [...validated.unknownFields, ...pools.unknownFields];
  const warnings = [
    ...built.warnings,
    ...(unknownFields.length > 0
      ? [{ reason: REASON.unknownFields, path: "spec", message: `unknown fields are ignored: ${unknownFields.join(", ")}` }]
      : []),
  ];
  const { children, podSets } = desiredChildren(built.model);
  return {
    status: kafkaStatus({ kafka, model: built.model, warnings, waitingFor: podSetReadiness(podSets, observedPodSets), now }),
    children,
  };
}
