// What Cruise Control is built from (its registration's input, cruise-control.ts):
// its section of the Kafka's spec and what it needs of the cluster.
import type { CruiseControlSpec, KafkaSpec } from "../../api/kafka.js";
import type { ResolvedCa } from "../../certificates/certificate-authorities.js";
import type { ClientCertificate } from "../../certificates/node-certificates.js";
import type { KafkaClusterModel } from "../../model/types.js";
import type { ApiUsers } from "./api-users.js";

export interface CruiseControlInput {
  cluster: Pick<KafkaClusterModel, "name" | "namespace" | "nodes" | "pools" | "image" | "kafkaExtrasImage" | "operatorFromAnyNamespace">;
  spec: CruiseControlSpec;
  /** The brokers' `spec.kafka.config`, whose `default.replication.factor` the sample store topics take. */
  kafkaConfig: KafkaSpec["kafka"]["config"];
  /** Whether the Topic Operator runs: its pods may call the REST API, and it has a user there. */
  topicOperator: boolean;
  /** The user's external log4j2 file, once read. */
  externalLoggingProperties: string | undefined;
  /** Its server and client certificate; without one yet the Deployment waits (a pod could not start without the Secret). */
  certificate: ClientCertificate | undefined;
  clusterCa: Pick<ResolvedCa, "certGeneration" | "keyGeneration">;
  /** The REST API's users with their passwords (api-users.ts), resolved by the sync from the observed Secrets. */
  apiUsers: ApiUsers;
}
