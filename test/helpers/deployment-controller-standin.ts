// A Deployment controller (and its pods' kubelet) stand-in for the in-process
// world: once per tick, each Deployment whose pod template's Secret and
// ConfigMap volumes all exist reports its replicas updated and ready for its
// generation, as the real controller does once the new pods run; one with a
// volume missing reports them unavailable (its pods would stay in
// ContainerCreating). No ReplicaSets or pods are made: what the hooks read of a
// Deployment is its status. Statuses are written only when they change.
import type { Deployment } from "../../lib/api/kubernetes.js";
import type { FakeApiServer, StoredObject } from "./fake-apiserver.js";

type StoredDeployment = StoredObject & Pick<Deployment, "spec" | "status">;

export class DeploymentControllerStandIn {
  constructor(private readonly server: FakeApiServer) {}

  private volumesExist(namespace: string | undefined, deployment: StoredDeployment): boolean {
    return (deployment.spec?.template.spec?.volumes ?? []).every((v) =>
      (v.secret?.secretName === undefined || v.secret.optional === true || this.server.get("v1", "Secret", namespace, v.secret.secretName) !== undefined)
      && (v.configMap?.name === undefined || v.configMap.optional === true || this.server.get("v1", "ConfigMap", namespace, v.configMap.name) !== undefined));
  }

  /** `only`: the Deployments it stands in for; all when undefined. */
  tick(only?: (deployment: Pick<Deployment, "metadata">) => boolean): void {
    for (const deployment of this.server.list<StoredDeployment>("apps/v1", "Deployment").filter((d) => only?.(d) ?? true)) {
      const replicas = deployment.spec?.replicas ?? 1;
      const ready = this.volumesExist(deployment.metadata.namespace, deployment) ? replicas : 0;
      const status = {
        observedGeneration: deployment.metadata.generation ?? 1,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: ready,
        availableReplicas: ready,
        ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
      };
      if (JSON.stringify(deployment.status) !== JSON.stringify(status)) this.server.put({ ...deployment, status });
    }
  }
}
