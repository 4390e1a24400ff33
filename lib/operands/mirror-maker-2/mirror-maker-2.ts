// A KafkaMirrorMaker2's children: the Connect cluster Strimzi's
// KafkaMirrorMaker2Cluster makes from it (buildKafkaConnectSpec: the workers
// run against `spec.target`), built by the Connect builders in MirrorMaker 2's
// flavour, with every cluster's trusted certificates in the trusted-certificates
// Secret under `<alias>-ca.crt` (beside the target's `ca.crt` for the workers),
// a Role that reads every cluster's Secrets, and the cluster aliases in
// KAFKA_MIRRORMAKER_2_CLUSTERS. The connectors are not children: the sidecar
// reconciles them over REST (connectors.ts).
import type { KafkaConnect } from "../../api/kafka-connect.js";
import type { KafkaMirrorMaker2, MirrorMaker2ClusterSpec } from "../../api/kafka-mirror-maker-2.js";
import { clientSecretsToRead, connectChildren, type ConnectChildren } from "../connect/connect.js";
import type { ClientSecrets } from "../kafka-clients/client-secrets.js";
import { clusterTrustedCertsKey, MIRROR_MAKER_2_FLAVOUR } from "./names.js";

type Mm2 = Pick<KafkaMirrorMaker2, "metadata" | "spec">;

export interface MirrorMaker2Input {
  /** Validated, with Strimzi's defaults. */
  mm2: Mm2;
  /** The target's trusted certificates (the workers' `ca.crt`) and the hash of every cluster's Secrets. */
  secrets: ClientSecrets;
  /** Each cluster's trusted certificates by alias, PEM; clusters without `tls.trustedCertificates` are absent. */
  clusterTrustedCertificates: Readonly<Record<string, string>>;
  kafkaExtrasImage: string;
  externalLogging?: string;
  metricsConfigJson?: string;
}

/** The Kafka cluster (target) and the sources, as Strimzi lists them for volumes, Secrets and aliases. */
export const mirrorMaker2Clusters = (spec: KafkaMirrorMaker2["spec"]): MirrorMaker2ClusterSpec[] => [spec.target, ...spec.mirrors.map((m) => m.source)];

/** The KafkaConnect spec of the workers (KafkaMirrorMaker2Cluster.buildKafkaConnectSpec). */
export function mirrorMaker2ConnectSpec(spec: KafkaMirrorMaker2["spec"]): KafkaConnect["spec"] {
  const { target } = spec;
  const connect: KafkaConnect["spec"] = {
    bootstrapServers: target.bootstrapServers,
    groupId: target.groupId,
    configStorageTopic: target.configStorageTopic,
    offsetStorageTopic: target.offsetStorageTopic,
    statusStorageTopic: target.statusStorageTopic,
    tls: target.tls,
    authentication: target.authentication,
    config: target.config,
    logging: spec.logging,
    replicas: spec.replicas,
    version: spec.version,
    image: spec.image,
    resources: spec.resources,
    livenessProbe: spec.livenessProbe,
    readinessProbe: spec.readinessProbe,
    jvmOptions: spec.jvmOptions,
    jmxOptions: spec.jmxOptions,
    metricsConfig: spec.metricsConfig,
    clientRackInitImage: spec.clientRackInitImage,
    rack: spec.rack,
    tracing: spec.tracing,
    template: spec.template,
  };
  // Absent, not undefined: the builders and hashes read the spec as the schema leaves it.
  return Object.fromEntries(Object.entries(connect).filter(([, value]) => value !== undefined)) as KafkaConnect["spec"];
}

export function mirrorMaker2Children(input: MirrorMaker2Input): ConnectChildren {
  const { mm2 } = input;
  const clusters = mirrorMaker2Clusters(mm2.spec);
  return connectChildren({
    connect: { metadata: mm2.metadata, spec: mirrorMaker2ConnectSpec(mm2.spec) },
    flavour: MIRROR_MAKER_2_FLAVOUR,
    secrets: input.secrets,
    moreTrustedCertificates: Object.fromEntries(Object.entries(input.clusterTrustedCertificates).map(([alias, pem]) => [clusterTrustedCertsKey(alias), pem])),
    moreSecretsToRead: clusters.flatMap((cluster) => clientSecretsToRead(mm2.metadata.name, cluster)),
    env: [{ name: "KAFKA_MIRRORMAKER_2_CLUSTERS", value: clusters.map((c) => c.alias).join(";") }],
    kafkaExtrasImage: input.kafkaExtrasImage,
    ...(input.externalLogging !== undefined ? { externalLogging: input.externalLogging } : {}),
    ...(input.metricsConfigJson !== undefined ? { metricsConfigJson: input.metricsConfigJson } : {}),
  });
}
