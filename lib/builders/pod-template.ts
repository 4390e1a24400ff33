// The parts of a pod every operand builds the same way from Strimzi's templates
// and probe settings: the brokers' PodSets and the Deployments (the Bridge).
import type { PodTemplate, Probe } from "../api/common.js";
import type { Affinity, Container, PodSpec, SecurityContext } from "../api/kubernetes.js";
import { EXTRA_JARS_MOUNT, KAFKA_EXTRAS_IMAGE_DIR, type ExtraJarFeature } from "../kafka-files/extra-jars.js";

/** Containers run with no privilege and a read-only root filesystem unless the template's container says otherwise. */
export const RESTRICTED_CONTAINER_SECURITY_CONTEXT: SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
};

/** A probe's timing as Strimzi defaults it (ProbeUtils.DEFAULT_HEALTHCHECK_OPTIONS), in the order the API server stores it. */
export function probeTiming(probe: Probe | undefined): Required<Probe> {
  return {
    initialDelaySeconds: probe?.initialDelaySeconds ?? 15,
    timeoutSeconds: probe?.timeoutSeconds ?? 5,
    periodSeconds: probe?.periodSeconds ?? 10,
    successThreshold: probe?.successThreshold ?? 1,
    failureThreshold: probe?.failureThreshold ?? 3,
  };
}

/** The pod settings a template passes on as they are, each only when set; `affinity` is the operand's (a rack adds to it). */
export function templatePodSettings(template: Omit<PodTemplate, "templatedVolumes">, affinity: Affinity | undefined): Partial<PodSpec> {
  return {
    ...(template.imagePullSecrets ? { imagePullSecrets: template.imagePullSecrets } : {}),
    ...(affinity ? { affinity } : {}),
    ...(template.tolerations ? { tolerations: template.tolerations } : {}),
    ...(template.topologySpreadConstraints ? { topologySpreadConstraints: template.topologySpreadConstraints } : {}),
    ...(template.priorityClassName ? { priorityClassName: template.priorityClassName } : {}),
    ...(template.schedulerName ? { schedulerName: template.schedulerName } : {}),
    ...(template.hostAliases ? { hostAliases: template.hostAliases } : {}),
    ...(template.dnsPolicy ? { dnsPolicy: template.dnsPolicy } : {}),
    ...(template.dnsConfig ? { dnsConfig: template.dnsConfig } : {}),
    ...(template.enableServiceLinks !== undefined ? { enableServiceLinks: template.enableServiceLinks } : {}),
    ...(template.hostUsers !== undefined ? { hostUsers: template.hostUsers } : {}),
  };
}

/**
 * The init container that copies the jars of `features` from the kafka-extras image into the
 * emptyDir `volume` the main container reads them from (docs/ARCHITECTURE.md, Extra jars); the
 * template's env, mounts and security context apply to it, as Strimzi's init container template does.
 */
export function kafkaExtrasContainer(
  image: string, features: readonly ExtraJarFeature[], volume: string, template: Pick<Container, "env" | "volumeMounts" | "securityContext"> = {},
): Container {
  return {
    name: "kafka-extras",
    image,
    imagePullPolicy: "IfNotPresent",
    command: ["/bin/cp", "-R", ...features.map((f) => `${KAFKA_EXTRAS_IMAGE_DIR}/${f}`), EXTRA_JARS_MOUNT],
    ...(template.env && template.env.length > 0 ? { env: template.env } : {}),
    volumeMounts: [{ name: volume, mountPath: EXTRA_JARS_MOUNT }, ...(template.volumeMounts ?? [])],
    securityContext: template.securityContext ?? RESTRICTED_CONTAINER_SECURITY_CONTEXT,
    terminationMessagePolicy: "FallbackToLogsOnError",
  };
}
