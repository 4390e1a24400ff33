// The cluster's internal Services: the bootstrap Service clients start from and
// the headless Service that gives every node a stable DNS name.
import type { Service } from "../api/kubernetes.js";
import { CONTROL_PLANE_PORT, REPLICATION_PORT } from "../config/paths.js";
import { LABEL } from "../labels.js";
import type { KafkaClusterModel } from "../model/types.js";
import { bootstrapServiceName, brokersServiceName } from "../names.js";
import { childMetadata, nodeSelectorLabels } from "./metadata.js";

type ServicePort = NonNullable<NonNullable<Service["spec"]>["ports"]>[number];

// targetPort and protocol are spelled out because the API server would default
// them: a field that appears on admission would show as a difference forever.
const tcpPort = (name: string, port: number): ServicePort => ({ name, port, targetPort: port, protocol: "TCP" });

function listenerPorts(model: KafkaClusterModel): ServicePort[] {
  return model.listeners.map((l) => tcpPort(`tcp-${l.name}`, l.port));
}

export function bootstrapService(model: KafkaClusterModel): Service {
  const template = model.template?.bootstrapService;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: childMetadata(model, bootstrapServiceName(model.name), { template: template?.metadata }),
    spec: {
      type: "ClusterIP",
      selector: { ...nodeSelectorLabels(model.name), [LABEL.brokerRole]: "true" },
      ports: [tcpPort("tcp-replication", REPLICATION_PORT), ...listenerPorts(model)],
      ...(template?.ipFamilyPolicy ? { ipFamilyPolicy: template.ipFamilyPolicy } : {}),
      ...(template?.ipFamilies ? { ipFamilies: template.ipFamilies } : {}),
    },
  };
}

export function brokersService(model: KafkaClusterModel): Service {
  const template = model.template?.brokersService;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: childMetadata(model, brokersServiceName(model.name), { template: template?.metadata }),
    spec: {
      type: "ClusterIP",
      clusterIP: "None",
      // Nodes must find each other by name before they are ready: the quorum forms only then.
      publishNotReadyAddresses: true,
      selector: nodeSelectorLabels(model.name),
      ports: [
        tcpPort("tcp-ctrlplane", CONTROL_PLANE_PORT),
        tcpPort("tcp-replication", REPLICATION_PORT),
        ...listenerPorts(model),
      ],
      ...(template?.ipFamilyPolicy ? { ipFamilyPolicy: template.ipFamilyPolicy } : {}),
      ...(template?.ipFamilies ? { ipFamilies: template.ipFamilies } : {}),
    },
  };
}
