// Kubernetes' Pod Security Standard "restricted" (v1.25 and later), the checks
// that concern a pod spec we write: host namespaces, privileged containers, host
// ports, volume types, privilege escalation, non-root, seccomp and capabilities;
// plus a read-only root filesystem, which our install asks of every container
// although the standard does not.
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";

const RESTRICTED_VOLUME_TYPES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]);
const SECCOMP_TYPES = new Set(["RuntimeDefault", "Localhost"]);

/** What keeps the pod from the restricted profile, one entry per rule and container; empty when it passes. */
export function restrictedViolations(pod: IPodSpec | undefined): string[] {
  if (!pod) return ["no pod spec"];
  const found: string[] = [];
  for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) if (pod[field]) found.push(field);
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== "name") ?? "";
    if (!RESTRICTED_VOLUME_TYPES.has(type)) found.push(`volume ${volume.name}: ${type}`);
  }
  const podContext = pod.securityContext ?? {};
  if (podContext.runAsUser === 0) found.push("pod runAsUser 0");
  for (const container of [...pod.initContainers ?? [], ...pod.containers]) {
    const context = container.securityContext ?? {};
    const at = `container ${container.name}`;
    if (context.privileged) found.push(`${at}: privileged`);
    if (container.ports?.some((p) => p.hostPort)) found.push(`${at}: hostPort`);
    if (context.allowPrivilegeEscalation !== false) found.push(`${at}: allowPrivilegeEscalation is not false`);
    if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) found.push(`${at}: runAsNonRoot is not true`);
    if (context.runAsUser === 0) found.push(`${at}: runAsUser 0`);
    if (!SECCOMP_TYPES.has((context.seccompProfile ?? podContext.seccompProfile)?.type ?? "")) found.push(`${at}: no RuntimeDefault or Localhost seccomp profile`);
    if (!context.capabilities?.drop?.includes("ALL")) found.push(`${at}: capabilities do not drop ALL`);
    if ((context.capabilities?.add ?? []).some((c) => c !== "NET_BIND_SERVICE")) found.push(`${at}: adds capabilities`);
    if (context.readOnlyRootFilesystem !== true) found.push(`${at}: root filesystem is writable`);
  }
  return found;
}
