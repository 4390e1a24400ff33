// Keeps the unowned copies of the CA Secrets of a Kafka with
// `generateSecretOwnerReference: false` (lib/certificates/retained-cas.ts), so
// that the CA outlives the Kafka as in Strimzi.
import type { Logger } from "pino";
import type { Secret } from "../../lib/api/kubernetes.js";
import { retainedCopies, retainedSecretNames, type RetainingKafka } from "../../lib/certificates/retained-cas.js";
import { isReconciliationPaused } from "../../lib/labels.js";
import { clusterKeyString, type ClusterSnapshot } from "../cluster-cache.js";
import type { KubeActions } from "../kube-actions.js";
import type { Reconciler } from "./reconciler.js";

export interface RetainedCasOptions {
  actions: Pick<KubeActions, "readSecretObject" | "writeSecret">;
  logger: Logger;
}

export class RetainedCertificateAuthorities implements Reconciler {
  readonly name = "retained-cas";

  constructor(private readonly options: RetainedCasOptions) {}

  async reconcile(cluster: ClusterSnapshot): Promise<void> {
    if (!cluster.kafka || isReconciliationPaused(cluster.kafka)) return;
    // Unvalidated: only two optional booleans per CA are read from it.
    const kafka = cluster.kafka as RetainingKafka;
    const names = retainedSecretNames(kafka);
    if (names.length === 0) return;
    const { actions } = this.options;
    const read = await Promise.all(names.map(async (name) => [name, await actions.readSecretObject(cluster.namespace, name)] as const));
    const secrets = new Map<string, Secret | undefined>(read);
    for (const copy of retainedCopies(kafka, (name) => secrets.get(name))) {
      await actions.writeSecret(copy, secrets.get(copy.metadata?.name ?? ""));
      this.options.logger.info({ cluster: clusterKeyString(cluster), secret: copy.metadata?.name }, "kept a copy of a CA Secret that outlives its Kafka");
    }
  }
}
