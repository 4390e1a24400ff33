// Service ports as every operand's Services write them.
import type { Service } from "../api/kubernetes.js";

export type ServicePort = NonNullable<NonNullable<Service["spec"]>["ports"]>[number];

// targetPort and protocol are spelled out because the API server would default
// them: a field that appears on admission would show as a difference forever.
export const tcpPort = (name: string, port: number): ServicePort => ({ name, port, targetPort: port, protocol: "TCP" });
