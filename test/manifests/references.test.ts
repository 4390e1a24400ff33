// Every name one manifest uses refers to something another one defines: the
// Deployment's ServiceAccount, the Service's pods and port, the NetworkPolicy's
// peers, each webhook's Service and each hook path the server really serves.
import { readFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { checkServerIdentity } from "node:tls";
import { join } from "node:path";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IStatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IService } from "kubernetes-models/v1/Service";
import type { NetworkPolicy } from "../../lib/api/kubernetes.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";
import t from "tap";
import { buildServer } from "../../hooks/server.js";
import { customResourceDefinitions } from "../../lib/api/crds.js";
import { systemEnvironment } from "../../lib/environment.js";
import { secretText } from "../../lib/certificates/observed-secrets.js";
import { HOOKS_CA_SECRET, HOOKS_TLS_SECRET, hooksTlsSecrets } from "../../lib/hooks-tls.js";
import { fixedKeyPairSource } from "../../lib/pki/keys.js";
import { seededRandom } from "../../lib/environment.js";
import { fixtureKeys } from "../helpers/keys.js";
import { repoRoot } from "../helpers/paths.js";
import { build } from "./build.js";
import { kubeObjects, objectsOfKind, readDocuments, theOnly, type KubeDocument } from "./documents.js";

interface Webhook {
  service?: { name: string; namespace: string; port?: number; protocol?: string };
  caBundle?: unknown;
  url?: string;
  path?: string;
}

interface CompositeController {
  metadata: { name: string };
  spec: {
    parentResource: { apiVersion: string; resource: string };
    childResources?: Array<{ apiVersion: string; resource: string }>;
    hooks: Record<string, { webhook?: Webhook }>;
  };
}

const as = <T>(object: KubeDocument): T => object as unknown as T;
const objects = kubeObjects();
const deployment = as<IDeployment>(theOnly("Deployment", "kafka-hooks", objects));
const service = as<IService>(theOnly("Service", "kafka-hooks", objects));
const networkPolicy = as<INetworkPolicy>(theOnly("NetworkPolicy", "kafka-hooks", objects));
const podSpec = deployment.spec?.template.spec;
const podLabels = deployment.spec?.template.metadata?.labels ?? {};
const container = podSpec?.containers.find((c) => c.name === "hooks");
const httpPort = container?.ports?.find((p) => p.name === "https");
const controllers = objects.filter((d) => d.file.startsWith("metacontroller/")).map((d) => as<CompositeController>(d.object));

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>): boolean =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

t.test("the Deployment runs as the ServiceAccount we create, and selects its own pods", async (t) => {
  const account = theOnly("ServiceAccount", podSpec?.serviceAccountName ?? "", objects);
  t.equal(account.metadata?.namespace, deployment.metadata?.namespace);
  t.ok(selects(deployment.spec?.selector.matchLabels, podLabels));
});

t.test("only the sidecar container gets the ServiceAccount's token, and the roles are bound to that ServiceAccount", async (t) => {
  t.equal(podSpec?.automountServiceAccountToken, false);
  const tokenVolume = podSpec?.volumes?.find((v) => v.projected?.sources?.some((s) => s.serviceAccountToken));
  t.ok(tokenVolume, "a projected token volume");
  const mounting = (podSpec?.containers ?? []).filter((c) => c.volumeMounts?.some((m) => m.name === tokenVolume?.name)).map((c) => c.name);
  t.same(mounting, ["sidecar"]);
  t.equal(podSpec?.containers?.find((c) => c.name === "sidecar")?.volumeMounts?.find((m) => m.name === tokenVolume?.name)?.mountPath,
    "/var/run/secrets/kubernetes.io/serviceaccount", "where the sidecar's in-cluster config reads it (sidecar/kube/config.ts)");
  const ours = (o: { metadata?: { name?: string } }) => o.metadata?.name?.startsWith("kafka-hooks") ?? false;
  const installed = build(join(repoRoot, "manifests")).objects;
  const bindings = [...objectsOfKind("RoleBinding", installed), ...objectsOfKind("ClusterRoleBinding", installed)].filter(ours);
  t.equal(bindings.length, 3);
  for (const binding of bindings) {
    t.same((binding as { subjects?: unknown[] }).subjects, [{ kind: "ServiceAccount", name: podSpec?.serviceAccountName, namespace: deployment.metadata?.namespace }], binding.metadata?.name ?? "");
    const role = (binding as { roleRef: { kind: string; name: string } }).roleRef;
    t.ok(objectsOfKind(role.kind, objects).some((r) => r.metadata?.name === role.name), `${role.kind} ${role.name} exists`);
  }
});

t.test("the container listens where its env, probes and Service say", async (t) => {
  t.ok(httpPort, "the hooks container has an https port");
  t.equal(container?.env?.find((e) => e.name === "PORT")?.value, String(httpPort?.containerPort));
  for (const probe of [container?.startupProbe, container?.livenessProbe, container?.readinessProbe]) t.strictSame([probe?.httpGet?.port, probe?.httpGet?.scheme], ["https", "HTTPS"]);
  t.ok(selects(service.spec?.selector, podLabels), "the Service selects the Deployment's pods");
  const [port] = service.spec?.ports ?? [];
  t.ok(port?.targetPort === httpPort?.name || port?.targetPort === httpPort?.containerPort, "the Service targets the container port");
});

t.test("the NetworkPolicy admits Metacontroller's pods, from its namespace, to the hooks port only", async (t) => {
  t.ok(selects(networkPolicy.spec?.podSelector?.matchLabels, podLabels), "it applies to the hooks' pods");
  const [rule, ...others] = networkPolicy.spec?.ingress ?? [];
  t.equal(others.length, 0);
  t.strictSame(rule?.ports, [{ protocol: "TCP", port: httpPort?.containerPort }]);
  const metacontroller = as<IStatefulSet>(theOnly("StatefulSet", "metacontroller", objects));
  const [peer, ...morePeers] = rule?.from ?? [];
  t.equal(morePeers.length, 0);
  t.ok(selects(peer?.podSelector?.matchLabels, metacontroller.spec?.template.metadata?.labels ?? {}), "it selects Metacontroller's pods");
  const namespace = theOnly("Namespace", metacontroller.metadata?.namespace ?? "", objects);
  t.ok(selects(peer?.namespaceSelector?.matchLabels, { "kubernetes.io/metadata.name": namespace.metadata?.name ?? "" }), "in Metacontroller's namespace");
});

const webhooks = controllers.flatMap((cc) => Object.entries(cc.spec.hooks).map(([hook, { webhook }]) => ({ where: `${cc.metadata.name} ${hook}`, webhook })));

t.test("every webhook calls our Service on its port over HTTPS, trusting the CA the sidecar publishes", async (t) => {
  t.ok(webhooks.length >= 5, `${webhooks.length} webhooks`);
  for (const { where, webhook } of webhooks) {
    t.equal(webhook?.url, undefined, `${where} goes through the Service`);
    t.strictSame(webhook?.service, {
      name: service.metadata?.name, namespace: service.metadata?.namespace, port: service.spec?.ports?.[0]?.port, protocol: "https",
    }, where);
    t.strictSame(webhook?.caBundle, { secretRef: { name: HOOKS_TLS_SECRET, namespace: deployment.metadata?.namespace, key: "ca.crt" } }, where);
  }
});

t.test("the hooks serve the certificate the sidecar keeps for the name Metacontroller calls, and never see the CA's key", async (t) => {
  const sidecar = podSpec?.containers.find((c) => c.name === "sidecar");
  t.equal(sidecar?.env?.find((e) => e.name === "HOOKS_SERVICE")?.value, service.metadata?.name, "the sidecar keeps it for our Service");
  const mount = container?.volumeMounts?.find((m) => m.name === "hooks-tls");
  const volume = podSpec?.volumes?.find((v) => v.name === "hooks-tls");
  t.strictSame(volume?.secret, { secretName: HOOKS_TLS_SECRET, optional: true, defaultMode: 292, items: [{ key: "tls.crt", path: "tls.crt" }, { key: "tls.key", path: "tls.key" }] });
  const env = (name: string) => container?.env?.find((e) => e.name === name)?.value;
  t.strictSame([env("TLS_CERT_FILE"), env("TLS_KEY_FILE")], [`${mount?.mountPath}/tls.crt`, `${mount?.mountPath}/tls.key`]);
  t.notOk(podSpec?.volumes?.some((v) => v.secret?.secretName === HOOKS_CA_SECRET), "kafka-hooks-ca is mounted nowhere");

  // Metacontroller calls https://<service>.<namespace>:<port>/... (pkg/hooks/webhook.go) and checks the name.
  const hooksService = { name: service.metadata?.name ?? "", namespace: service.metadata?.namespace ?? "" };
  const { ca, tls } = hooksTlsSecrets({}, hooksService, { now: () => new Date(), random: seededRandom("references") }, fixedKeyPairSource(fixtureKeys));
  const app = buildServer({ env: systemEnvironment, logLevel: "silent", tls: { cert: secretText(tls, "tls.crt") ?? "", key: secretText(tls, "tls.key") ?? "" } });
  await app.listen({ port: 0, host: "127.0.0.1" });
  t.teardown(() => app.close());
  const status = await new Promise<string>((resolve) => {
    const req = httpsRequest({
      host: "127.0.0.1", port: (app.server.address() as AddressInfo).port, path: "/healthz",
      servername: `${hooksService.name}.${hooksService.namespace}`, ca: secretText(ca, "ca.crt"),
      checkServerIdentity: (_host, cert) => checkServerIdentity(`${hooksService.name}.${hooksService.namespace}`, cert),
    }, (res) => {
      res.resume();
      resolve(`HTTP ${res.statusCode}`);
    });
    req.on("error", (e) => resolve(`refused: ${e.message}`));
    req.end();
  });
  t.equal(status, "HTTP 200");
});

const crds = customResourceDefinitions();
const kindOf = (apiVersion: string, resource: string): string | undefined =>
  crds.find((crd) => `${crd.spec.group}/${crd.spec.versions[0]?.name}` === apiVersion && crd.spec.names.plural === resource)?.spec.names.kind;

t.test("every parent, and every child of ours, is a kind whose CRD we generate", async (t) => {
  for (const cc of controllers) {
    const { apiVersion, resource } = cc.spec.parentResource;
    t.ok(kindOf(apiVersion, resource), `${cc.metadata.name}: ${resource}.${apiVersion}`);
    for (const child of cc.spec.childResources ?? []) {
      if (child.apiVersion.includes("strimzi.io")) t.ok(kindOf(child.apiVersion, child.resource), `${cc.metadata.name}: child ${child.resource}`);
    }
  }
});

function minimalBody(hook: string, apiVersion: string, kind: string): object {
  const parent = { apiVersion, kind, metadata: { name: "my-cluster", namespace: "myproject", uid: "uid-1" }, spec: {} };
  return hook === "customize" ? { controller: {}, parent } : { controller: {}, parent, children: {}, related: {}, finalizing: false };
}

t.test("the server answers every hook path the controllers call, and the probe paths", async (t) => {
  const app = buildServer({ env: systemEnvironment, logLevel: "silent" });
  t.teardown(() => app.close());
  for (const cc of controllers) {
    const { apiVersion, resource } = cc.spec.parentResource;
    for (const [hook, { webhook }] of Object.entries(cc.spec.hooks)) {
      const reply = await app.inject({ method: "POST", url: webhook?.path ?? "", payload: minimalBody(hook, apiVersion, kindOf(apiVersion, resource) ?? "") });
      t.not(reply.statusCode, 404, `${cc.metadata.name} ${hook}: POST ${webhook?.path} answers ${reply.statusCode}`);
    }
  }
  for (const probe of [container?.livenessProbe, container?.readinessProbe]) {
    const reply = await app.inject({ method: "GET", url: probe?.httpGet?.path ?? "" });
    t.equal(reply.statusCode, 200, `GET ${probe?.httpGet?.path}`);
  }
});

t.test("the image tag is the package's version, in the Deployment and the kustomization", async (t) => {
  const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
  t.equal(container?.image, `kafka-hooks:${version}`);
  const [kustomization] = readDocuments(join(repoRoot, "manifests", "kustomization.yaml"));
  t.strictSame(kustomization?.object.images, [{ name: "kafka-hooks", newTag: version }]);
});

/** The peer of the replication rule that admits the operator, in the NetworkPolicy the Kafka hook makes for an example. */
function operatorPeer(annotations?: Record<string, string>) {
  const request = exampleRequest("kafka/kafka-persistent.yaml");
  if (annotations) request.parent.metadata.annotations = { ...request.parent.metadata.annotations, ...annotations };
  const policy = syncKafka(request, testEnvironment()).children.find((c) => c.kind === "NetworkPolicy") as NetworkPolicy | undefined;
  const replication = policy?.spec?.ingress?.find((rule) => rule.ports?.some((p) => p.port === 9091));
  const peers = replication?.from?.filter((peer) => peer.namespaceSelector) ?? [];
  if (peers.length !== 1) throw new Error(`${peers.length} peers from outside the cluster's own pods`);
  return peers[0];
}

/** Whether a NetworkPolicy label selector (matchLabels only, as ours are) selects these labels; `{}` selects everything. */
const selectsAll = (selector: { matchLabels?: Record<string, string> } | undefined, labels: Record<string, string>): boolean =>
  selector !== undefined && Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

t.test("every cluster's NetworkPolicy admits the sidecar's pods to the replication port from our namespace only", async (t) => {
  const peer = operatorPeer();
  const ours = theOnly("Namespace", deployment.metadata?.namespace ?? "", objects).metadata?.labels ?? {};
  t.strictSame(peer, { namespaceSelector: { matchLabels: { "kafka-hooks.io/operator": "true" } }, podSelector: { matchLabels: { "strimzi.io/kind": "cluster-operator" } } });
  t.ok(selectsAll(peer?.namespaceSelector, { ...ours, "kubernetes.io/metadata.name": "kafka-hooks" }), "our namespace, by the label namespace.yaml gives it");
  t.ok(selectsAll(peer?.podSelector, podLabels), "the Deployment's pods");
  t.notOk(selectsAll(peer?.namespaceSelector, { "kubernetes.io/metadata.name": "elsewhere" }), "not a pod with Strimzi's label in another namespace");
});

t.test("with kafka-hooks.io/operator-from-any-namespace: \"true\" on the Kafka, any namespace, as Strimzi does; other values change nothing", async (t) => {
  const peer = operatorPeer({ "kafka-hooks.io/operator-from-any-namespace": "true" });
  t.strictSame(peer, { namespaceSelector: {}, podSelector: { matchLabels: { "strimzi.io/kind": "cluster-operator" } } });
  t.ok(selectsAll(peer?.namespaceSelector, { "kubernetes.io/metadata.name": "elsewhere" }));
  t.strictSame(operatorPeer({ "kafka-hooks.io/operator-from-any-namespace": "yes" }), operatorPeer());
});
