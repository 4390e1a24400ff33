// The KafkaMirrorMaker2 controller's sync: a KafkaMirrorMaker2 and the user's
// Secrets and ConfigMaps it names in; its workers' Connect cluster out (the
// KafkaConnect's children in MirrorMaker 2's flavour), with the status Strimzi
// writes (url, replicas, labelSelector, connectorPlugins, and the connectors'
// states the sidecar recorded on the PodSet).
import type { KafkaMirrorMaker2, KafkaMirrorMaker2Status } from "../api/kafka-mirror-maker-2.js";
import { ignoredMirrorMaker2FieldWarnings } from "../api/ignored-fields.js";
import type { Secret } from "../api/kubernetes.js";
import { validateKafkaMirrorMaker2, type ValidationResult } from "../api/validate.js";
import type { Environment } from "../environment.js";
import { shortHash } from "../hash.js";
import { objectsOfType, type SyncRequest, type SyncResponse } from "../metacontroller.js";
import { jvmOptionsProblems } from "../model/jvm-options.js";
import { connectLabelSelector } from "../operands/connect/labels.js";
import { REST_API_PORT } from "../operands/connect/paths.js";
import { resolveClientSecrets, trustedCertificateProblems, type ClientSecrets } from "../operands/kafka-clients/client-secrets.js";
import { mirrorMaker2ConnectorStates } from "../operands/mirror-maker-2/connector-states.js";
import { mirrorMaker2Children, mirrorMaker2Clusters, mirrorMaker2ConnectSpec } from "../operands/mirror-maker-2/mirror-maker-2.js";
import { MIRROR_MAKER_2_FLAVOUR, mirrorMaker2Url } from "../operands/mirror-maker-2/names.js";
import { connectorPlugins, observedWorkers, podSetWaitingFor, workerFiles } from "./connect-sync.js";
import { REASON } from "../reasons.js";
import { condition, warningConditions } from "../status/conditions.js";
import { kafkaClientsConditions, kafkaClientsWarnings, prepareKafkaClientsSync } from "./kafka-clients-sync.js";

/** What the shared Kafka-clients sync reads: the workers' KafkaConnect-shaped spec, and the resource itself. */
type Workers = Pick<KafkaMirrorMaker2, "metadata"> & { spec: ReturnType<typeof mirrorMaker2ConnectSpec>; mm2: KafkaMirrorMaker2 };

/** The user's problems at their own paths: `spec.target.…` and `spec.mirrors[i].source.…` rather than the workers' `spec.…`. */
const under = (prefix: string) => (p: { path: string; message: string }) => ({ ...p, path: p.path.replace(/^spec\./, `${prefix}.`) });

const clusterPaths = (mm2: KafkaMirrorMaker2): Array<{ prefix: string; cluster: ReturnType<typeof mirrorMaker2Clusters>[number] }> => [
  { prefix: "spec.target", cluster: mm2.spec.target },
  ...mm2.spec.mirrors.map((m, i) => ({ prefix: `spec.mirrors[${i}].source`, cluster: m.source })),
];

function validateWorkers(resource: unknown): ValidationResult<Workers> {
  const validated = validateKafkaMirrorMaker2(resource);
  if (!validated.ok) return validated;
  const mm2 = validated.value;
  return { ...validated, value: { metadata: mm2.metadata, spec: mirrorMaker2ConnectSpec(mm2.spec), mm2 } };
}

/** Every cluster's Secrets, resolved; problems at the cluster's own paths. */
function resolveClusters(mm2: KafkaMirrorMaker2, secrets: ReadonlyMap<string, Secret>):
  { ok: true; byAlias: Record<string, ClientSecrets> } | { ok: false; problems: Array<{ path: string; message: string }> } {
  const byAlias: Record<string, ClientSecrets> = {};
  const problems: Array<{ path: string; message: string }> = [];
  for (const { prefix, cluster } of clusterPaths(mm2)) {
    const resolved = resolveClientSecrets(cluster, secrets);
    if (resolved.ok) byAlias[cluster.alias] = resolved.value;
    else problems.push(...resolved.problems.map(under(prefix)));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, byAlias };
}

export function syncKafkaMirrorMaker2(request: SyncRequest, env: Environment): SyncResponse<KafkaMirrorMaker2Status> {
  const secrets = new Map(objectsOfType(request.related, "Secret", "v1").map((s) => [s.metadata.name, s as Secret]));
  // What Strimzi's operator refuses, at the user's paths; the shared sync resolves the target's Secrets again for the workers.
  const specProblems = ({ mm2 }: Workers) => {
    const problems = [
      ...clusterPaths(mm2).flatMap(({ prefix, cluster }) => trustedCertificateProblems(cluster).map(under(prefix))),
      ...jvmOptionsProblems(mm2.spec.jvmOptions, "spec.jvmOptions"),
    ];
    if (problems.length > 0) return problems;
    const resolved = resolveClusters(mm2, secrets);
    return resolved.ok ? [] : resolved.problems;
  };
  const front = prepareKafkaClientsSync<Workers, KafkaMirrorMaker2Status>(request, env, validateWorkers, specProblems);
  if ("answer" in front) return front.answer;
  const { prepared } = front;
  const { mm2 } = prepared.resource;
  const resolved = resolveClusters(mm2, secrets);
  if (!resolved.ok) throw new Error("the clusters' Secrets resolved in specProblems no longer resolve");
  const clusters = mirrorMaker2Clusters(mm2.spec);
  const hashes = clusters.map((c) => resolved.byAlias[c.alias]?.authHash ?? "");
  const clusterTrustedCertificates = Object.fromEntries(clusters.flatMap((c) => {
    const pem = resolved.byAlias[c.alias]?.trustedCertificates;
    return pem !== undefined ? [[c.alias, pem] as const] : [];
  }));
  const built = mirrorMaker2Children({
    mm2,
    secrets: {
      ...(prepared.secrets.trustedCertificates !== undefined ? { trustedCertificates: prepared.secrets.trustedCertificates } : {}),
      ...(hashes.some((h) => h !== "") ? { authHash: shortHash(hashes.join("\u0000")) } : {}),
    },
    clusterTrustedCertificates,
    ...workerFiles(prepared, env),
  });
  const observedPodSet = observedWorkers(request, MIRROR_MAKER_2_FLAVOUR.componentName(mm2.metadata.name));
  const plugins = connectorPlugins(observedPodSet);
  const connectors = mirrorMaker2ConnectorStates(observedPodSet);
  const dropped = built.dropped.map((d) => ({ ...d, path: d.path.replace(/^spec\./, "spec.target.") }));
  const warnings = [
    ...(plugins.warning ? [plugins.warning] : []),
    ...(connectors.warning ? [connectors.warning] : []),
    ...kafkaClientsWarnings(prepared, dropped, ignoredMirrorMaker2FieldWarnings(mm2)),
  ];
  const replicas = mm2.spec.replicas;
  const { name, namespace } = mm2.metadata;
  const waitingFor = built.podSet ? podSetWaitingFor(built.podSet, observedPodSet) : undefined;
  // As Strimzi's reconcile fails when a connector is FAILED; the pods' progress first, for the connectors wait on it.
  const conditions = waitingFor === undefined && connectors.failed !== undefined
    ? [condition("NotReady", REASON.connectorsFailed, `One or more connectors are in FAILED state: ${connectors.failed}`, prepared.now, prepared.previous),
      ...warningConditions(warnings, prepared.now, prepared.previous)]
    : kafkaClientsConditions(prepared, waitingFor, warnings);
  return {
    status: {
      conditions,
      observedGeneration: prepared.generation,
      // Strimzi gives the url and the connectors only while there are workers.
      ...(replicas > 0 ? { url: mirrorMaker2Url(name, namespace, REST_API_PORT) } : {}),
      ...(replicas > 0 && connectors.states ? { connectors: connectors.states.connectors, autoRestartStatuses: connectors.states.autoRestartStatuses } : {}),
      ...(replicas > 0 && plugins.plugins ? { connectorPlugins: plugins.plugins } : {}),
      replicas,
      labelSelector: connectLabelSelector(MIRROR_MAKER_2_FLAVOUR, name),
    },
    children: built.children,
  };
}
