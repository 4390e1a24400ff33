// A mutating admission webhook as service meshes and secret injectors are:
// registered with the real API server, it adds a sidecar container, an env
// variable in every container, a volume and an annotation to every pod, and an
// annotation to every Service, in namespaces labelled `mesh=on`. Idempotent, as
// such webhooks are: what is already there is not added again.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { issueLoopbackServingCertificate } from "./certificates.js";
import type { RealCluster } from "./cluster.js";

export const MESH_ANNOTATION = "mesh.example/injected";
export const MESH_CONTAINER = "mesh-proxy";
export const MESH_ENV = "MESH_ENDPOINT";
export const MESH_VOLUME = "mesh-certs";

interface Container { name: string; env?: Array<{ name: string }> }
interface Reviewed { metadata?: { annotations?: Record<string, string> }; spec?: { containers?: Container[]; volumes?: Array<{ name: string }> } }
type Patch = Array<{ op: "add"; path: string; value: unknown }>;

function patchFor(kind: string, object: Reviewed): Patch {
  const patch: Patch = [];
  if (!object.metadata?.annotations) patch.push({ op: "add", path: "/metadata/annotations", value: { [MESH_ANNOTATION]: "true" } });
  else if (!(MESH_ANNOTATION in object.metadata.annotations)) patch.push({ op: "add", path: `/metadata/annotations/${MESH_ANNOTATION.replace("/", "~1")}`, value: "true" });
  if (kind !== "Pod") return patch;
  const containers = object.spec?.containers ?? [];
  containers.forEach((container, i) => {
    const env = { name: MESH_ENV, value: "127.0.0.1:15000" };
    if (!container.env) patch.push({ op: "add", path: `/spec/containers/${i}/env`, value: [env] });
    else if (!container.env.some((e) => e.name === MESH_ENV)) patch.push({ op: "add", path: `/spec/containers/${i}/env/-`, value: env });
  });
  if (!containers.some((c) => c.name === MESH_CONTAINER)) {
    patch.push({ op: "add", path: "/spec/containers/-", value: { name: MESH_CONTAINER, image: "mesh.example/proxy:1.0", env: [{ name: MESH_ENV, value: "127.0.0.1:15000" }], volumeMounts: [{ name: MESH_VOLUME, mountPath: "/etc/mesh" }] } });
  }
  const volume = { name: MESH_VOLUME, emptyDir: {} };
  if (!object.spec?.volumes) patch.push({ op: "add", path: "/spec/volumes", value: [volume] });
  else if (!object.spec.volumes.some((v) => v.name === MESH_VOLUME)) patch.push({ op: "add", path: "/spec/volumes/-", value: volume });
  return patch;
}

export interface AdmissionRequest {
  uid: string;
  operation: string;
  kind: { kind: string };
  namespace?: string;
  name?: string;
  userInfo: { username: string };
  object: Reviewed;
}

export interface Webhook {
  /** Admission requests answered, by `operation Kind`, and `failed: …` where `answer` threw. */
  readonly reviews: string[];
  close(): Promise<void>;
}

/** The rules and selectors of a webhook, as in a MutatingWebhookConfiguration. */
interface Registration {
  rules: Array<{ operations: string[]; apiGroups: string[]; apiVersions: string[]; resources: string[] }>;
  namespaceSelector: { matchLabels: Record<string, string> };
}

/**
 * A mutating webhook served on loopback (HTTPS, a certificate of the test bed's
 * CA) and registered with the server, `failurePolicy: Fail`; `answer` gives the
 * JSON patch for each request, and may act on the cluster before it answers.
 */
export async function registerWebhook(cluster: RealCluster, name: string, registration: Registration, answer: (request: AdmissionRequest) => Promise<Patch>): Promise<Webhook> {
  const serving = issueLoopbackServingCertificate(dirname(cluster.credentials.caCertificate), `${name}-webhook`);
  const reviews: string[] = [];
  const server: Server = createServer({ cert: readFileSync(serving.certificate), key: readFileSync(serving.key) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const review = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { request: AdmissionRequest };
      const { uid, operation, kind } = review.request;
      reviews.push(`${operation} ${kind.kind}`);
      // A webhook that fails still lets the request through; the failure is kept for the test to see.
      void answer(review.request).catch((error: unknown) => {
        reviews.push(`failed: ${error instanceof Error ? error.message : String(error)}`);
        return [] as Patch;
      }).then((patch) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({
          apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview",
          response: { uid, allowed: true, ...(patch.length > 0 ? { patchType: "JSONPatch", patch: Buffer.from(JSON.stringify(patch)).toString("base64") } : {}) },
        }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await cluster.api.create({
    apiVersion: "admissionregistration.k8s.io/v1", kind: "MutatingWebhookConfiguration", metadata: { name },
    webhooks: [{
      name: `${name}.webhooks.example`,
      clientConfig: { url: `https://127.0.0.1:${port}/mutate`, caBundle: readFileSync(cluster.credentials.caCertificate).toString("base64") },
      ...registration,
      sideEffects: "None", admissionReviewVersions: ["v1"], failurePolicy: "Fail", timeoutSeconds: 10,
    }],
  });
  return { reviews, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function registerMeshWebhook(cluster: RealCluster): Promise<Webhook> {
  return registerWebhook(cluster, "mesh", {
    rules: [{ operations: ["CREATE", "UPDATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods", "services"] }],
    namespaceSelector: { matchLabels: { mesh: "on" } },
  }, async (request) => patchFor(request.kind.kind, request.object));
}
