// A Deployment of one of a cluster's components (Kafka Exporter now; the Entity
// Operator, Cruise Control after it), in the form the API server stores it.
// Metacontroller's merge replaces lists whole and a Deployment's pod template is
// defaulted on admission, so every list item is written with its defaults spelled
// out (containers, ports, probes, volumes): what comes back equals what was sent,
// and the next sync changes nothing (test/gitops/no-drift.test.ts). Maps may lack
// server defaults: the merge keeps fields only the server set.
import type { PodTemplate, Probe } from "../api/common.js";
import type { Container, Deployment, EnvVar, ObjectMeta, PodSpec, ResourceRequirements, Volume } from "../api/kubernetes.js";
import { ANNOTATION } from "../labels.js";
import { sortKeys } from "../sort-keys.js";
import { canonicalQuantity } from "../volumes/quantity.js";
import { templatePodSettings } from "./pod-template.js";

/** What the API server writes into a Deployment's spec when it is left out (apps/v1 SetDefaults_Deployment). */
const REVISION_HISTORY_LIMIT = 10;
const PROGRESS_DEADLINE_SECONDS = 600;
const TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** A secret or ConfigMap volume's file mode, 0644, as the API server defaults it. */
const DEFAULT_VOLUME_MODE = 420;

/**
 * Strimzi's strategies (WorkloadUtils.deploymentStrategy): a rolling update starts
 * the new pod before stopping the old one.
 */
function strategy(type: "RollingUpdate" | "Recreate"): NonNullable<Deployment["spec"]>["strategy"] {
  return type === "Recreate" ? { type } : { type, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
}

/**
 * A probe over HTTP, Strimzi's way (ProbeUtils.httpProbe): the delay only when
 * positive (the API server drops a zero), every other field spelled out.
 */
export function httpGetProbe(path: string, port: string, options: Required<Probe>): NonNullable<Container["readinessProbe"]> {
  return {
    httpGet: { path, port, scheme: "HTTP" },
    ...(options.initialDelaySeconds > 0 ? { initialDelaySeconds: options.initialDelaySeconds } : {}),
    timeoutSeconds: options.timeoutSeconds,
    periodSeconds: options.periodSeconds,
    successThreshold: options.successThreshold,
    failureThreshold: options.failureThreshold,
  };
}

/** The image pull policy the API server gives an image without one: Always for `:latest` or no tag. */
function pullPolicy(image: string): "Always" | "IfNotPresent" {
  const lastPart = image.slice(image.lastIndexOf("/") + 1);
  const tag = lastPart.includes("@") ? undefined : lastPart.split(":")[1];
  return !lastPart.includes("@") && (tag === undefined || tag === "latest") ? "Always" : "IfNotPresent";
}

/** A container as admission returns it: the defaults of its fields that sit inside lists spelled out. */
export function canonicalContainer(container: Container): Container {
  return {
    ...container,
    imagePullPolicy: container.imagePullPolicy ?? pullPolicy(container.image ?? ""),
    ...(container.ports ? { ports: container.ports.map((p) => ({ ...p, protocol: p.protocol ?? "TCP" })) } : {}),
    // A struct on the server, stored empty when unset.
    resources: container.resources ?? {},
    terminationMessagePath: container.terminationMessagePath ?? "/dev/termination-log",
    terminationMessagePolicy: container.terminationMessagePolicy ?? "File",
  };
}

const canonicalQuantities = (quantities: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(quantities).map(([name, value]) => [name, canonicalQuantity(String(value)) ?? String(value)]));

/** Quantities as the API server stores them: written otherwise, the container would differ from the stored one on every sync. */
export function canonicalResources(resources: ResourceRequirements | undefined): ResourceRequirements {
  if (!resources) return {};
  return {
    ...resources,
    ...(resources.limits ? { limits: canonicalQuantities(resources.limits) } : {}),
    ...(resources.requests ? { requests: canonicalQuantities(resources.requests) } : {}),
  };
}

/** The template's variables after ours; one of ours is never replaced (Strimzi's addContainerEnvsToExistingEnvs). */
export function withTemplateEnv(ours: readonly EnvVar[], template: readonly EnvVar[] | undefined): EnvVar[] {
  const names = new Set(ours.map((e) => e.name));
  return [...ours, ...(template ?? []).filter((e) => !names.has(e.name))];
}

/** A secret volume as admission returns it. */
export function secretVolume(name: string, secretName: string): Volume {
  return { name, secret: { secretName, defaultMode: DEFAULT_VOLUME_MODE } };
}

/**
 * The pod spec fields a Strimzi pod template sets (WorkloadUtils.createPodTemplateSpec),
 * given its volumes; the template's own volumes come after the component's.
 */
export function templatedPodSpec(template: PodTemplate | undefined, pod: { serviceAccountName: string; containers: Container[]; volumes: Volume[]; securityContext: NonNullable<PodSpec["securityContext"]> }): PodSpec {
  return {
    serviceAccountName: pod.serviceAccountName,
    // Strimzi's components get no token unless they call the Kubernetes API.
    automountServiceAccountToken: false,
    containers: pod.containers.map(canonicalContainer),
    volumes: [...pod.volumes, ...(template?.volumes ?? [])],
    securityContext: template?.securityContext ?? pod.securityContext,
    terminationGracePeriodSeconds: template?.terminationGracePeriodSeconds ?? TERMINATION_GRACE_PERIOD_SECONDS,
    restartPolicy: "Always",
    ...templatePodSettings(template ?? {}, template?.affinity),
    // What the API server would default, written out so that the Deployment comes back as sent.
    schedulerName: template?.schedulerName ?? "default-scheduler",
    dnsPolicy: template?.dnsPolicy ?? "ClusterFirst",
  };
}

/**
 * A component pod's annotations: the template's, then the cluster CA's generations and the
 * hash of the component's certificates, so that a new CA or certificate rolls the pod (the
 * Deployment controller replaces a pod whose template changed).
 */
export function certificateRollAnnotations(
  template: Record<string, string> | undefined,
  clusterCa: { certGeneration: number; keyGeneration: number },
  certificateHash: string,
): Record<string, string> {
  return {
    ...template,
    [ANNOTATION.clusterCaCertGeneration]: String(clusterCa.certGeneration),
    [ANNOTATION.clusterCaKeyGeneration]: String(clusterCa.keyGeneration),
    [ANNOTATION.serverCertHash]: certificateHash,
  };
}

export interface DeploymentInput {
  metadata: ObjectMeta & { name: string; namespace: string };
  replicas: number;
  strategy: "RollingUpdate" | "Recreate";
  /** The labels the Deployment selects its pods by; the pods carry them. */
  selector: Record<string, string>;
  pod: { labels: Record<string, string>; annotations: Record<string, string>; spec: PodSpec };
}

export function deployment(input: DeploymentInput): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: input.metadata,
    spec: {
      replicas: input.replicas,
      selector: { matchLabels: sortKeys(input.selector) },
      strategy: strategy(input.strategy),
      revisionHistoryLimit: REVISION_HISTORY_LIMIT,
      progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
      template: {
        metadata: {
          labels: sortKeys(input.pod.labels),
          ...(Object.keys(input.pod.annotations).length > 0 ? { annotations: sortKeys(input.pod.annotations) } : {}),
        },
        spec: input.pod.spec,
      },
    },
  };
}
