// Cluster models built straight from the Strimzi examples, without the schema
// validator: the configuration tests depend on the model only.
import type { Kafka } from "../../lib/api/kafka.js";
import type { KafkaNodePool } from "../../lib/api/kafka-nodepool.js";
import { buildClusterModel } from "../../lib/model/cluster.js";
import { NO_OBSERVATIONS } from "../../lib/model/listener-observations.js";
import { observedClusterModel, type ObservedClusterModel } from "../../lib/model/observed-cluster.js";
import type { KafkaNode } from "../../lib/model/types.js";
import { NAMESPACE, readExample } from "../helpers/requests.js";

/** The model of an example, as the Kafka hook sees it before Kubernetes has told it anything (no addresses, no racks). */
export function exampleModel(example: string, edit: (kafka: Kafka, pools: KafkaNodePool[]) => void = () => {}): ObservedClusterModel {
  const documents = readExample(example).map((d) => structuredClone(d));
  for (const d of documents) d.metadata.namespace = NAMESPACE;
  const kafka = documents.find((d) => d.kind === "Kafka") as Kafka | undefined;
  if (!kafka) throw new Error(`${example} has no Kafka`);
  const pools = documents.filter((d) => d.kind === "KafkaNodePool") as unknown as KafkaNodePool[];
  edit(kafka, pools);
  const built = buildClusterModel({ kafka, pools, observedPodSets: [], random: (n) => Buffer.alloc(n, 1) });
  if (!built.ok) throw new Error(`${example}: ${JSON.stringify(built.problems)}`);
  return observedClusterModel(built.model, NO_OBSERVATIONS);
}

export function nodeOf(model: ObservedClusterModel, podName: string): KafkaNode {
  const node = model.nodes.find((n) => n.podName === podName);
  if (!node) throw new Error(`no node ${podName}: ${model.nodes.map((n) => n.podName).join(", ")}`);
  return node;
}
