import type { ServiceAccount } from "../../api/kubernetes.js";
import type { KafkaClusterModel } from "../../model/types.js";
import { serviceAccountName } from "../../names.js";
import { childMetadata } from "../../builders/metadata.js";

export function serviceAccount(model: KafkaClusterModel): ServiceAccount {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: childMetadata(model, serviceAccountName(model.name), { template: model.template?.serviceAccount?.metadata }),
  };
}
