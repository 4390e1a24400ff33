// Cluster models built straight from the Strimzi examples, without the schema
// validator: the configuration tests depend on the model only.
import type { Kafka } from "../../lib/api/kafka.js";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import { buildClusterModel, type ClusterModelResult } from "../../lib/model/cluster.js";
import { NO_OBSERVATIONS } from "../../lib/model/listener-observations.js";
import { observedClusterModel, type ObservedClusterModel } from "../../lib/model/observed-cluster.js";
import type { KafkaClusterModel, KafkaNode } from "../../lib/model/types.js";
import { NAMESPACE, readExample } from "../helpers/requests.js";

type Edit = (kafka: Kafka, pools: KafkaNodePool[]) => void;

/** The model an example builds, or its problems. */
export function exampleModelResult(example: string, edit: Edit = () => {}): ClusterModelResult {
  const documents = readExample(example).map((d) => structuredClone(d));
  for (const d of documents) d.metadata.namespace = NAMESPACE;
  const kafka = documents.find((d) => d.kind === "Kafka") as Kafka | undefined;
  if (!kafka) throw new Error(`${example} has no Kafka`);
  const pools = documents.filter((d) => d.kind === "KafkaNodePool") as unknown as KafkaNodePool[];
  edit(kafka, pools);
  return buildClusterModel({ kafka, pools, observedPodSets: [], random: (n) => Buffer.alloc(n, 1) });
}

/** The model of an example, as the Kafka hook sees it before Kubernetes has told it anything (no addresses, no racks). */
export function exampleModel(example: string, edit: Edit = () => {}): ObservedClusterModel {
  const built = exampleModelResult(example, edit);
  if (!built.ok) throw new Error(`${example}: ${JSON.stringify(built.problems)}`);
  return observed(built.model);
}

/** A built model before Kubernetes has told the hook anything (no addresses, no racks). */
export function observed(model: KafkaClusterModel): ObservedClusterModel {
  return observedClusterModel(model, NO_OBSERVATIONS);
}

export function nodeOf(model: ObservedClusterModel, podName: string): KafkaNode {
  const node = model.nodes.find((n) => n.podName === podName);
  if (!node) throw new Error(`no node ${podName}: ${model.nodes.map((n) => n.podName).join(", ")}`);
  return node;
}
