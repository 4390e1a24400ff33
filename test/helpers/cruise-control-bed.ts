// A Kafka cluster with Cruise Control for the sidecar's KafkaRebalance
// reconciler: the Kafka declares `spec.cruiseControl` and is Ready, the
// Secrets Strimzi's operator reads (the cluster CA certificate, here the fake
// Cruise Control's CA, and the API users Secret) are in the stand-in API
// server, and a FakeCruiseControl answers where the sidecar is told to look.
import type { Secret } from "../../lib/api/kubernetes.js";
import { clusterCaCertSecretName } from "../../lib/names.js";
import { cruiseControlApiSecretName, REBALANCE_OPERATOR_PASSWORD_KEY, REBALANCE_OPERATOR_USER } from "../../lib/operands/cruise-control/names.js";
import type { ClusterKey } from "../../sidecar/cluster-cache.js";
import { cruiseControlAddress } from "../../sidecar/rebalance/connections.js";
import type { CruiseControlAddress } from "../../sidecar/rebalance/cruise-control-client.js";
import type { FakeApiServer } from "./fake-apiserver.js";
import { FakeCruiseControl } from "./fake-cruise-control.js";

export const CRUISE_CONTROL_PASSWORD = "fixture-password";

const base64 = (text: string): string => Buffer.from(text).toString("base64");

/** Starts a FakeCruiseControl for `cluster` and gives the stand-in API server what the sidecar needs to reach it. */
export async function withCruiseControl(server: FakeApiServer, cluster: ClusterKey): Promise<{ cruiseControl: FakeCruiseControl; address: (key: ClusterKey) => CruiseControlAddress }> {
  const service = cruiseControlAddress(cluster);
  const cruiseControl = await FakeCruiseControl.start({ serverName: service.host, user: REBALANCE_OPERATOR_USER, password: CRUISE_CONTROL_PASSWORD });
  const secret = (name: string, data: Record<string, string>): Secret => ({
    apiVersion: "v1", kind: "Secret", metadata: { name, namespace: cluster.namespace, labels: { "strimzi.io/cluster": cluster.name } }, data,
  });
  server.put(secret(clusterCaCertSecretName(cluster.name), { "ca.crt": base64(cruiseControl.caCertPem) }));
  server.put(secret(cruiseControlApiSecretName(cluster.name), { [REBALANCE_OPERATOR_PASSWORD_KEY]: base64(CRUISE_CONTROL_PASSWORD) }));
  const kafka = server.get<{ apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec?: object; status?: object }>("kafka.strimzi.io/v1", "Kafka", cluster.namespace, cluster.name)
    ?? { apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: cluster.name, namespace: cluster.namespace } };
  server.put({ ...kafka, spec: { ...kafka.spec, cruiseControl: {} }, status: { ...kafka.status, conditions: [{ type: "Ready", status: "True" }] } });
  return { cruiseControl, address: () => ({ host: "127.0.0.1", port: cruiseControl.port, servername: service.host }) };
}
