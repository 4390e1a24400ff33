// Strimzi types shared by several custom resources.
import type {
  Affinity, EnvVar, HostAlias, LocalObjectReference, PodDNSConfig, PodSecurityContext,
  SecurityContext, Toleration, TopologySpreadConstraint, Volume, VolumeMount,
} from "./kubernetes.js";

export interface MetadataTemplate {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ResourceTemplate {
  metadata?: MetadataTemplate;
}

export interface PodTemplate extends ResourceTemplate {
  imagePullSecrets?: LocalObjectReference[];
  securityContext?: PodSecurityContext;
  terminationGracePeriodSeconds?: number;
  affinity?: Affinity;
  tolerations?: Toleration[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  priorityClassName?: string;
  schedulerName?: string;
  hostAliases?: HostAlias[];
  dnsPolicy?: "ClusterFirst" | "ClusterFirstWithHostNet" | "Default" | "None";
  dnsConfig?: PodDNSConfig;
  enableServiceLinks?: boolean;
  tmpDirSizeLimit?: string;
  volumes?: Volume[];
  templatedVolumes?: Volume[];
  hostUsers?: boolean;
}

export interface ContainerTemplate {
  env?: EnvVar[];
  securityContext?: SecurityContext;
  volumeMounts?: VolumeMount[];
}

export interface JvmOptions {
  "-XX"?: Record<string, string>;
  "-Xmx"?: string;
  "-Xms"?: string;
  gcLoggingEnabled?: boolean;
  javaSystemProperties?: Array<{ name: string; value: string }>;
}

export interface Probe {
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}
