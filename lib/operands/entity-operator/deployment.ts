// The Entity Operator's Deployment, as Strimzi's EntityOperator.generateDeployment
// builds it: one replica, Recreate (two Topic Operators must never act at once;
// Strimzi ignores the template's strategy for the same reason), a container per
// operator that is on, the projected token both use to reach the Kubernetes API.
import type { Deployment } from "../../api/kubernetes.js";
import { certificateRollAnnotations, deployment, templatedPodSpec } from "../../builders/deployment.js";
import { childMetadata } from "../../builders/metadata.js";
import { shortHash } from "../../hash.js";
import { componentLabels } from "../../labels.js";
import { apiAccessVolume, operatorContainer, operatorVolumes } from "./containers.js";
import { ENTITY_OPERATOR, operatorsOn, type EntityOperatorInput, type OperatorKind } from "./input.js";
import { entityOperatorName, entityOperatorSelector } from "./names.js";

/** The image's `node` user (Dockerfile), by number so that the kubelet can check runAsNonRoot. */
const NODE_USER = 1000;

/** `certificatePems`: each operator's certificate, whose hashes roll the pod when one is renewed. */
export function entityOperatorDeployment(input: EntityOperatorInput, certificatePems: Record<OperatorKind, string>): Deployment {
  const { cluster, spec, clusterCa } = input;
  const template = spec.template;
  const operators = operatorsOn(spec);
  // Strimzi's server-cert-hash is the operators' certificate thumbprints joined, topic operator first.
  const certificateHash = operators.map((operator) => shortHash(certificatePems[operator])).join("");
  return deployment({
    metadata: childMetadata(cluster, entityOperatorName(cluster.name), { component: ENTITY_OPERATOR, template: template?.deployment?.metadata }),
    replicas: 1,
    strategy: "Recreate",
    selector: entityOperatorSelector(cluster.name),
    pod: {
      labels: { ...template?.pod?.metadata?.labels, ...componentLabels(cluster.name, ENTITY_OPERATOR) },
      annotations: certificateRollAnnotations(template?.pod?.metadata?.annotations, clusterCa, certificateHash),
      spec: templatedPodSpec(template?.pod, {
        serviceAccountName: entityOperatorName(cluster.name),
        containers: operators.map((operator) => operatorContainer(input, operator)),
        volumes: [apiAccessVolume(), ...operators.flatMap((operator) => operatorVolumes(input, operator))],
        securityContext: { runAsUser: NODE_USER, runAsGroup: NODE_USER, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      }),
    },
  });
}
