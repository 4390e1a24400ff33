// The cluster's internal Services: the bootstrap Service clients of internal
// listeners start from, and the headless Service that gives every node a stable
// DNS name. Listeners of other types have Services of their own
// (listener-services.ts).
import type { Service } from "../../api/kubernetes.js";
import { CONTROL_PLANE_PORT, REPLICATION_PORT } from "../../kafka-files/paths.js";
import { LABEL } from "../../labels.js";
import { listenerPortName } from "../../model/listener-names.js";
import { hasOwnServices } from "../../model/listener-types.js";
import type { KafkaClusterModel } from "../../model/types.js";
import { bootstrapServiceName, brokersServiceName } from "../../names.js";
import { childMetadata, nodeSelectorLabels } from "../../builders/metadata.js";
import { tcpPort, type ServicePort } from "../../builders/service-ports.js";

/** Strimzi's label and annotation that let tools find a cluster's bootstrap Service and how to talk to it. */
const DISCOVERY = "strimzi.io/discovery";

function internalListenerPorts(model: KafkaClusterModel): ServicePort[] {
  return model.listeners.filter((l) => !hasOwnServices(l.type)).map((l) => tcpPort(listenerPortName(l), l.port));
}

/** Every listener, as Strimzi describes them for discovery. */
function discoveryAnnotation(model: KafkaClusterModel): string {
  return JSON.stringify(model.listeners.map((l) => ({ port: l.port, tls: l.tls, protocol: "kafka", auth: l.authentication?.type ?? "none" })), null, 2);
}

export function bootstrapService(model: KafkaClusterModel): Service {
  const template = model.template?.bootstrapService;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: childMetadata(model, bootstrapServiceName(model.name), {
      template: template?.metadata,
      labels: { [DISCOVERY]: "true" },
      annotations: { [DISCOVERY]: discoveryAnnotation(model) },
    }),
    spec: {
      type: "ClusterIP",
      selector: { ...nodeSelectorLabels(model.name), [LABEL.brokerRole]: "true" },
      ports: [tcpPort("tcp-replication", REPLICATION_PORT), ...internalListenerPorts(model)],
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
        ...internalListenerPorts(model),
      ],
      ...(template?.ipFamilyPolicy ? { ipFamilyPolicy: template.ipFamilyPolicy } : {}),
      ...(template?.ipFamilies ? { ipFamilies: template.ipFamilies } : {}),
    },
  };
}
