// KafkaBridge requests from the Strimzi examples, with the Secrets a running
// cluster would have: the cluster CA's certificate (from a real Kafka sync of the
// example's own Kafka) and the KafkaUser's Secret (a certificate and key of that
// sync, or a password), as the User Operator would have written it.
import { dirname, join } from "node:path";
import type { KubeObject, Secret } from "../../lib/api/kubernetes.js";
import { typeKey, type SyncRequest } from "../../lib/metacontroller.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { exampleBridgeRequests, type ExampleRequest } from "./examples.js";
import { exampleRequest, NAMESPACE, testEnvironment } from "./requests.js";
import { examplesDir } from "./paths.js";
import { existsSync } from "node:fs";

const b64 = (text: string): string => Buffer.from(text).toString("base64");

function secret(name: string, data: Record<string, string>): Secret & KubeObject {
  return { apiVersion: "v1", kind: "Secret", metadata: { name, namespace: NAMESPACE }, type: "Opaque", data };
}

/**
 * The Secrets of the example's own cluster that its Bridge (or Connect) names: the CA certificate and the
 * credentials of `user`; `otherwise`, the Kafka example to take them from when the directory has no kafka.yaml.
 */
export function clusterSecretsFor(example: string, user = "my-bridge", otherwise?: string): Array<Secret & KubeObject> {
  const beside = join(dirname(example), "kafka.yaml");
  const kafkaExample = existsSync(join(examplesDir, beside)) ? beside : otherwise;
  if (kafkaExample === undefined) return [];
  const answer = syncKafka(exampleRequest(kafkaExample), testEnvironment());
  const caCert = answer.children.find((c) => c.kind === "Secret" && c.metadata.name.endsWith("-cluster-ca-cert")) as (Secret & KubeObject) | undefined;
  // A certificate and key the cluster CA signed: the broker's, standing in for the user's.
  const node = answer.children.find((c) => c.kind === "Secret" && /-\d+$/.test(c.metadata.name)) as (Secret & KubeObject) | undefined;
  const nodeData = Object.entries(node?.data ?? {});
  const crt = nodeData.find(([k]) => k.endsWith(".crt"))?.[1] ?? "";
  const key = nodeData.find(([k]) => k.endsWith(".key"))?.[1] ?? "";
  return [
    ...(caCert ? [secret(caCert.metadata.name, caCert.data ?? {})] : []),
    secret(user, { "ca.crt": caCert?.data?.["ca.crt"] ?? "", "user.crt": crt, "user.key": key, password: b64("bridge-password") }),
  ];
}

export function withRelated(request: SyncRequest, objects: readonly KubeObject[]): SyncRequest {
  const related = structuredClone(request.related);
  for (const object of objects) {
    const type = typeKey(object.kind, object.apiVersion);
    related[type] = { ...related[type], [`${object.metadata.namespace}/${object.metadata.name}`]: object };
  }
  return { ...request, related };
}

/** Every example KafkaBridge, with the Secrets its cluster has. */
export function bridgeRequests(): ExampleRequest[] {
  return exampleBridgeRequests().map((e) => ({ ...e, request: withRelated(e.request, clusterSecretsFor(e.example)) }));
}
