// What test resources change in Strimzi's examples so that six JVMs fit this
// machine (2 cores): small fixed heaps (384m: a broker's log cleaner alone takes 128m), the client compiler only, and probes
// that look sooner. Everything else stays as the example has it.
import type { KubeObject } from "../../lib/api/kubernetes.js";

export function smallJvms(object: KubeObject): void {
  if (object.kind !== "Kafka") return;
  const kafka = (object["spec"] as { kafka: Record<string, unknown> }).kafka;
  kafka["jvmOptions"] = { "-Xms": "384m", "-Xmx": "384m", "-XX": { TieredStopAtLevel: "1", UseSerialGC: "true" } };
  kafka["readinessProbe"] = { initialDelaySeconds: 3, periodSeconds: 2, failureThreshold: 3 };
  kafka["livenessProbe"] = { initialDelaySeconds: 60, periodSeconds: 10, failureThreshold: 6 };
}
