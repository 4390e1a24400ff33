// Kafka Exporter (`spec.kafkaExporter`) through the Kafka hook: Strimzi's objects
// on the upstream image, its client certificate of the cluster CA and its renewal,
// the brokers admitting it to the replication port, the Kafka's readiness, and
// invalid input that changes nothing.
import t from "tap";
import type { Kafka } from "../../lib/api/kafka.js";
import type { Deployment, KubeObject, Secret } from "../../lib/api/kubernetes.js";
import { typeKey, type SyncRequest, type SyncResponse } from "../../lib/metacontroller.js";
import { issueClientCertificate } from "../../lib/pki/end-entity.js";
import { isSignedBy, parseCertificate } from "../../lib/pki/inspect.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import type { Environment } from "../../lib/environment.js";
import { fixtureKeys } from "../helpers/keys.js";
import { nextRequest } from "../helpers/observe.js";
import { openApiError } from "../helpers/openapi.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

const EXAMPLE = "metrics/kafka-metrics.yaml";
const SECRETS = typeKey("Secret", "v1");
const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-11-24T12:00:00.000Z");

const LABELS = {
  "app.kubernetes.io/instance": "my-cluster",
  "app.kubernetes.io/managed-by": "kafka-hooks",
  "app.kubernetes.io/name": "kafka-exporter",
  "app.kubernetes.io/part-of": "strimzi-my-cluster",
  "strimzi.io/cluster": "my-cluster",
  "strimzi.io/component-type": "kafka-exporter",
  "strimzi.io/kind": "Kafka",
  "strimzi.io/name": "my-cluster-kafka-exporter",
};
const SELECTOR = { "strimzi.io/cluster": "my-cluster", "strimzi.io/kind": "Kafka", "strimzi.io/name": "my-cluster-kafka-exporter" };
const METADATA = { name: "my-cluster-kafka-exporter", namespace: "myproject", labels: LABELS };
const ARGS = [
  "--group.filter=.*",
  "--topic.filter=.*",
  "--tls.enabled",
  "--tls.ca-file=/etc/kafka-exporter/cluster-ca-certs/cluster-ca.crt",
  "--tls.cert-file=/etc/kafka-exporter/kafka-exporter-certs/kafka-exporter.crt",
  "--tls.key-file=/etc/kafka-exporter/kafka-exporter-certs/kafka-exporter.key",
  "--kafka.server=my-cluster-kafka-bootstrap:9091",
  "--web.listen-address=:9404",
  "--verbosity=0",
  "--kafka.version=4.3.1",
];
const PROBE = { httpGet: { path: "/healthz", port: "tcp-prometheus", scheme: "HTTP" }, initialDelaySeconds: 15, timeoutSeconds: 15, periodSeconds: 30, successThreshold: 1, failureThreshold: 3 };

const at = (when: Date, seed = "later"): Environment => ({ ...testEnvironment(seed), now: () => when });
const named = (answer: SyncResponse, kind: string, name: string): KubeObject | undefined => answer.children.find((c) => c.kind === kind && c.metadata.name === name);
const exporterDeployment = (answer: SyncResponse): Deployment | undefined => named(answer, "Deployment", "my-cluster-kafka-exporter") as Deployment | undefined;
const exporterSecret = (answer: SyncResponse): Secret | undefined => named(answer, "Secret", "my-cluster-kafka-exporter-certs") as Secret | undefined;
const text = (secret: Secret | undefined, key: string): string => Buffer.from(secret?.data?.[key] ?? "", "base64").toString("utf8");
const container = (answer: SyncResponse) => exporterDeployment(answer)?.spec?.template.spec?.containers[0];

/** The metrics example with its `spec.kafkaExporter` replaced. */
function requestWith(kafkaExporter: Record<string, unknown> | undefined, edit: (kafka: Kafka) => void = () => {}): SyncRequest {
  const request = exampleRequest(EXAMPLE);
  const kafka = request.parent as unknown as Kafka;
  kafka.spec.kafkaExporter = kafkaExporter as Kafka["spec"]["kafkaExporter"];
  edit(kafka);
  return request;
}

t.test("the metrics example gets Strimzi's exporter objects, in Strimzi's order, on the upstream image", async (t) => {
  const answer = syncKafka(exampleRequest(EXAMPLE), testEnvironment());
  const exporterChildren = answer.children.filter((c) => c.metadata.labels?.["strimzi.io/name"] === "my-cluster-kafka-exporter");
  t.same(exporterChildren.map((c) => `${c.kind}/${c.metadata.name}`), [
    "ServiceAccount/my-cluster-kafka-exporter", "Secret/my-cluster-kafka-exporter-certs", "NetworkPolicy/my-cluster-kafka-exporter",
    "PodDisruptionBudget/my-cluster-kafka-exporter", "Deployment/my-cluster-kafka-exporter",
  ], "no Service, as in Strimzi");
  for (const child of exporterChildren) t.equal(openApiError(child), undefined, `${child.kind} is a valid Kubernetes object`);
  t.same(named(answer, "ServiceAccount", "my-cluster-kafka-exporter"), { apiVersion: "v1", kind: "ServiceAccount", metadata: METADATA });
  t.same(named(answer, "NetworkPolicy", "my-cluster-kafka-exporter"), {
    apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: METADATA,
    spec: { podSelector: { matchLabels: SELECTOR }, policyTypes: ["Ingress"], ingress: [{ ports: [{ port: 9404, protocol: "TCP" }] }] },
  });
  t.same(named(answer, "PodDisruptionBudget", "my-cluster-kafka-exporter"), {
    apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: METADATA, spec: { maxUnavailable: 1, selector: { matchLabels: SELECTOR } },
  });
  const secret = exporterSecret(answer);
  const certificatePem = text(secret, "kafka-exporter.crt");
  t.same(secret?.metadata, { ...METADATA, name: "my-cluster-kafka-exporter-certs", annotations: { "strimzi.io/cluster-ca-cert-generation": "0" } });
  t.same(Object.keys(secret?.data ?? {}), ["kafka-exporter.crt", "kafka-exporter.key"]);
  t.equal(parseCertificate(certificatePem).subject, "O=io.strimzi, CN=my-cluster-kafka-exporter");
  const clusterCa = text(named(answer, "Secret", "my-cluster-cluster-ca-cert") as Secret, "ca.crt");
  t.ok(isSignedBy(certificatePem, clusterCa), "signed by the cluster CA");
  const trustBundle = named(answer, "Secret", "my-cluster-trustbundle") as Secret;
  t.equal(text(trustBundle, "cluster-ca.crt"), clusterCa);
  t.equal(text(trustBundle, "clients-ca.crt"), text(named(answer, "Secret", "my-cluster-clients-ca-cert") as Secret, "ca.crt"));
  t.same(trustBundle.metadata?.annotations, { "strimzi.io/clients-ca-cert-generation": "0", "strimzi.io/cluster-ca-cert-generation": "0" });

  const deployment = exporterDeployment(answer);
  t.same(deployment?.metadata, METADATA);
  const { template, ...spec } = deployment?.spec ?? { template: {} };
  t.same(spec, {
    replicas: 1,
    selector: { matchLabels: SELECTOR },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  });
  t.same(Object.keys(template.metadata?.annotations ?? {}), ["strimzi.io/cluster-ca-cert-generation", "strimzi.io/cluster-ca-key-generation", "strimzi.io/server-cert-hash"]);
  t.same(template.metadata?.labels, LABELS);
  t.same(template.spec, {
    serviceAccountName: "my-cluster-kafka-exporter",
    automountServiceAccountToken: false,
    containers: [{
      name: "my-cluster-kafka-exporter",
      image: "danielqsj/kafka-exporter:v1.9.0",
      args: ARGS,
      ports: [{ name: "tcp-prometheus", containerPort: 9404, protocol: "TCP" }],
      livenessProbe: PROBE,
      readinessProbe: PROBE,
      volumeMounts: [
        { name: "strimzi-tmp", mountPath: "/tmp" },
        { name: "cluster-ca-certs", mountPath: "/etc/kafka-exporter/cluster-ca-certs/" },
        { name: "kafka-exporter-certs", mountPath: "/etc/kafka-exporter/kafka-exporter-certs/" },
      ],
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
      imagePullPolicy: "IfNotPresent",
      resources: {},
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
    }],
    volumes: [
      { name: "strimzi-tmp", emptyDir: { medium: "Memory", sizeLimit: "5Mi" } },
      { name: "cluster-ca-certs", secret: { secretName: "my-cluster-trustbundle", defaultMode: 420 } },
      { name: "kafka-exporter-certs", secret: { secretName: "my-cluster-kafka-exporter-certs", defaultMode: 420 } },
    ],
    securityContext: { runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    terminationGracePeriodSeconds: 30,
    schedulerName: "default-scheduler",
    restartPolicy: "Always",
    dnsPolicy: "ClusterFirst",
  });

  // The brokers admit the exporter's pods to replication, as Strimzi's Kafka network policy does.
  const kafkaPolicy = named(answer, "NetworkPolicy", "my-cluster-network-policy-kafka") as unknown as { spec: { ingress: Array<{ ports: Array<{ port: number }>; from?: unknown[] }> } };
  const replication = kafkaPolicy.spec.ingress.find((r) => r.ports[0]?.port === 9091);
  t.same(replication?.from?.slice(2), [
    { podSelector: { matchLabels: { "strimzi.io/name": "my-cluster-entity-operator" } } },
    { podSelector: { matchLabels: { "strimzi.io/name": "my-cluster-kafka-exporter" } } },
  ], "after the Entity Operator the example also runs");

  const without = syncKafka(requestWith(undefined), testEnvironment());
  t.same(without.children.filter((c) => c.metadata.name.includes("kafka-exporter")), [], "a Kafka without spec.kafkaExporter has none of it");
  const withoutPolicy = named(without, "NetworkPolicy", "my-cluster-network-policy-kafka") as unknown as typeof kafkaPolicy;
  t.equal(withoutPolicy.spec.ingress.find((r) => r.ports[0]?.port === 9091)?.from?.length, 3, "and the brokers admit no exporter");
});

t.test("the spec's fields become kafka_exporter's flags, as Strimzi's start script passes them", async (t) => {
  const args = (kafkaExporter: Record<string, unknown>) => container(syncKafka(requestWith(kafkaExporter), testEnvironment()))?.args;
  t.same(args({}), ARGS, "Strimzi's defaults: every group and topic, offsets of all partitions, info");
  t.same(args({ groupRegex: "orders-.*", topicRegex: "orders", groupExcludeRegex: "^tmp-", topicExcludeRegex: "^__", enableSaramaLogging: true, showAllOffsets: false, logging: "debug" }), [
    "--group.filter=orders-.*",
    "--topic.filter=orders",
    "--group.exclude=^tmp-",
    "--topic.exclude=^__",
    ...ARGS.slice(2, 7),
    "--log.enable-sarama",
    "--web.listen-address=:9404",
    "--no-offset.show-all",
    "--verbosity=1",
    "--kafka.version=4.3.1",
  ]);
  t.equal(args({ logging: "TRACE" })?.at(-2), "--verbosity=2");
  t.equal(args({ logging: "warn" })?.at(-2), "--verbosity=0", "any other level is info, as in Strimzi");
  t.same(args({ showAllOffsets: true, enableSaramaLogging: false }), ARGS);
  t.equal(container(syncKafka(requestWith({}, (k) => { k.spec.kafka.version = "4.2.1"; }), testEnvironment()))?.args?.at(-1), "--kafka.version=4.2.1");
});

t.test("image, resources, probes and templates as Strimzi applies them", async (t) => {
  const answer = syncKafka(requestWith({
    image: "registry.example/kafka-exporter:v1.9.0-fixed",
    resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "128Mi" } },
    livenessProbe: { initialDelaySeconds: 0, timeoutSeconds: 3 },
    readinessProbe: { periodSeconds: 7 },
    template: {
      deployment: { metadata: { labels: { team: "a" }, annotations: { note: "d" } }, deploymentStrategy: "Recreate" },
      pod: {
        metadata: { labels: { team: "a", "strimzi.io/name": "taken" }, annotations: { "prometheus.io/scrape": "true" } },
        securityContext: { runAsUser: 1234 },
        tolerations: [{ key: "dedicated", operator: "Equal", value: "kafka", effect: "NoSchedule" }],
        priorityClassName: "low",
        tmpDirSizeLimit: "10Mi",
        terminationGracePeriodSeconds: 5,
        volumes: [{ name: "extra", emptyDir: {} }],
      },
      container: { env: [{ name: "TZ", value: "UTC" }], volumeMounts: [{ name: "extra", mountPath: "/extra" }] },
      serviceAccount: { metadata: { annotations: { "iam.example/role": "exporter" } } },
      podDisruptionBudget: { maxUnavailable: 0, metadata: { labels: { budget: "x" } } },
    },
  }), testEnvironment());
  const deployment = exporterDeployment(answer);
  t.same(deployment?.metadata?.labels, { ...LABELS, team: "a" });
  t.same(deployment?.metadata?.annotations, { note: "d" });
  t.same(deployment?.spec?.strategy, { type: "Recreate" });
  const pod = deployment?.spec?.template;
  t.same(pod?.metadata?.labels, { ...LABELS, team: "a" }, "the template adds labels but never replaces those the selector needs");
  t.equal(pod?.metadata?.annotations?.["prometheus.io/scrape"], "true");
  t.same(pod?.spec?.securityContext, { runAsUser: 1234 });
  t.same(pod?.spec?.tolerations, [{ key: "dedicated", operator: "Equal", value: "kafka", effect: "NoSchedule" }]);
  t.equal(pod?.spec?.priorityClassName, "low");
  t.equal(pod?.spec?.terminationGracePeriodSeconds, 5);
  t.same(pod?.spec?.volumes?.map((v) => v.name), ["strimzi-tmp", "cluster-ca-certs", "kafka-exporter-certs", "extra"]);
  t.same(pod?.spec?.volumes?.[0], { name: "strimzi-tmp", emptyDir: { medium: "Memory", sizeLimit: "10Mi" } });
  const c = pod?.spec?.containers[0];
  t.equal(c?.image, "registry.example/kafka-exporter:v1.9.0-fixed");
  t.same(c?.resources, { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "128Mi" } });
  t.same(c?.env, [{ name: "TZ", value: "UTC" }]);
  t.same(c?.volumeMounts?.at(-1), { name: "extra", mountPath: "/extra" });
  // A probe in the spec replaces Strimzi's exporter defaults with the probe's own (StrimziProbe: delay 15, timeout 5).
  t.same(c?.livenessProbe, { httpGet: { path: "/healthz", port: "tcp-prometheus", scheme: "HTTP" }, timeoutSeconds: 3, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  t.same(c?.readinessProbe, { httpGet: { path: "/healthz", port: "tcp-prometheus", scheme: "HTTP" }, initialDelaySeconds: 15, timeoutSeconds: 5, periodSeconds: 7, successThreshold: 1, failureThreshold: 3 });
  t.same(named(answer, "ServiceAccount", "my-cluster-kafka-exporter")?.metadata?.annotations, { "iam.example/role": "exporter" });
  const budget = named(answer, "PodDisruptionBudget", "my-cluster-kafka-exporter") as unknown as { metadata: { labels: Record<string, string> }; spec: { maxUnavailable: number } };
  t.same(budget.spec.maxUnavailable, 0);
  t.same(budget.metadata.labels, { ...LABELS, budget: "x" });
  t.equal(openApiError(deployment as KubeObject), undefined);
});

t.test("the Kafka is Ready only once the exporter's Deployment has rolled out", async (t) => {
  const first = exampleRequest(EXAMPLE);
  const answer = syncKafka(first, testEnvironment());
  const notReady = syncKafka(nextRequest(first, answer, { readyReplicas: () => 0 }), testEnvironment());
  t.same(notReady.status.conditions?.[0]?.message,
    "waiting for Deployment my-cluster-entity-operator 0/1 ready, 1/1 updated; Deployment my-cluster-kafka-exporter 0/1 ready, 1/1 updated");
  const ready = syncKafka(nextRequest(first, answer), testEnvironment());
  t.equal(ready.status.conditions?.[0]?.type, "Ready");

  // A change the Deployment has not seen yet: its status describes the old pods.
  const changed = requestWith({ topicRegex: "orders" });
  const observedOld = { ...nextRequest(first, answer), parent: changed.parent };
  t.same(syncKafka(observedOld, testEnvironment()).status.conditions?.[0]?.message, "waiting for Deployment my-cluster-kafka-exporter not yet reconciled");
});

t.test("invalid kafkaExporter input is refused naming the field, and nothing is removed", async (t) => {
  const first = exampleRequest(EXAMPLE);
  const running = nextRequest(first, syncKafka(first, testEnvironment()));
  const cases: ReadonlyArray<readonly [Record<string, unknown>, RegExp]> = [
    [{ groupRegex: 5 }, /spec\.kafkaExporter\.groupRegex/],
    [{ livenessProbe: { timeoutSeconds: 0 } }, /spec\.kafkaExporter\.livenessProbe\.timeoutSeconds/],
    [{ template: { deployment: { deploymentStrategy: "BlueGreen" } } }, /spec\.kafkaExporter\.template\.deployment\.deploymentStrategy/],
    [{ template: { podDisruptionBudget: { maxUnavailable: -1 } } }, /spec\.kafkaExporter\.template\.podDisruptionBudget\.maxUnavailable/],
  ];
  for (const [kafkaExporter, field] of cases) {
    const request = { ...running, parent: requestWith(kafkaExporter).parent };
    const answer = syncKafka(request, testEnvironment());
    t.equal(answer.status.conditions?.[0]?.reason, "InvalidResource");
    t.match(answer.status.conditions?.[0]?.message, field);
    const kept = new Set(answer.children.map((c) => `${c.kind}/${c.metadata.name}`));
    const observed = Object.values(running.children).flatMap((byKey) => Object.values(byKey).map((c) => `${c.kind}/${c.metadata.name}`));
    t.same([...kept].sort(), observed.sort(), "every observed child is kept, the exporter's included");
  }
});

t.test("the client certificate: kept, re-issued for a renewed CA, and renewed when due only inside a maintenance window", async (t) => {
  const first = exampleRequest(EXAMPLE);
  const answer = syncKafka(first, testEnvironment());
  const issued = text(exporterSecret(answer), "kafka-exporter.crt");
  const running = nextRequest(first, answer);
  t.equal(text(exporterSecret(syncKafka(running, at(NOW))), "kafka-exporter.crt"), issued, "kept byte for byte");

  // A renewed CA certificate (same key): the nodes' certificates still verify, the client's is issued again, as Strimzi does.
  const forced = structuredClone(running);
  const caCert = forced.children[SECRETS]?.["myproject/my-cluster-cluster-ca-cert"];
  if (!caCert) throw new Error("no CA Secret");
  caCert.metadata.annotations = { ...caCert.metadata.annotations, "strimzi.io/force-renew": "true" };
  const renewedCa = syncKafka(forced, at(NOW));
  t.not(text(exporterSecret(renewedCa), "kafka-exporter.crt"), issued);
  t.same(exporterSecret(renewedCa)?.metadata?.annotations, { "strimzi.io/cluster-ca-cert-generation": "1" });
  t.equal(exporterDeployment(renewedCa)?.spec?.template.metadata?.annotations?.["strimzi.io/cluster-ca-cert-generation"], "1", "the new generation rolls the exporter");
  t.equal(text(named(renewedCa, "Secret", "my-cluster-broker-0") as Secret, "my-cluster-broker-0.crt"),
    text(named(answer, "Secret", "my-cluster-broker-0") as Secret, "my-cluster-broker-0.crt"));

  // A client certificate issued 100 days before the CA's, so that 250 days on it is due (its 30-day
  // renewal window) while the CA is not.
  const older = structuredClone(running);
  const observedSecret = older.children[SECRETS]?.["myproject/my-cluster-kafka-exporter-certs"] as Secret | undefined;
  const caKeySecret = older.children[SECRETS]?.["myproject/my-cluster-cluster-ca"] as Secret | undefined;
  if (!observedSecret?.data) throw new Error("no exporter Secret");
  const authority = { certificatePem: text(caCert as Secret, "ca.crt"), privateKeyPem: text(caKeySecret, "ca.key") };
  const earlier = issueClientCertificate(authority, { commonName: "my-cluster-kafka-exporter", validityDays: 365, privateKeyPem: fixtureKeys[5] ?? "" }, at(new Date(NOW.getTime() - 100 * DAY)));
  observedSecret.data = { "kafka-exporter.crt": Buffer.from(earlier).toString("base64"), "kafka-exporter.key": Buffer.from(fixtureKeys[5] ?? "").toString("base64") };
  t.equal(text(exporterSecret(syncKafka(older, at(NOW))), "kafka-exporter.crt"), earlier, "not yet due: kept");
  const due = new Date(NOW.getTime() + 250 * DAY);
  const hour = due.getUTCHours();
  const withWindow = (window: string) => {
    const request = structuredClone(older);
    (request.parent as unknown as Kafka).spec.maintenanceTimeWindows = [window];
    return syncKafka(request, at(due));
  };
  const outside = withWindow(`* * ${(hour + 2) % 24} ? * *`);
  t.equal(text(exporterSecret(outside), "kafka-exporter.crt"), earlier, "outside every maintenance window the due certificate is kept: renewing it would roll the exporter now");
  t.notOk(outside.status.conditions?.some((c) => c.message?.includes("kafka-exporter-certs")), "and nothing waits for it");
  const inside = withWindow(`* * ${hour} ? * *`);
  const renewed = text(exporterSecret(inside), "kafka-exporter.crt");
  t.not(renewed, earlier, "inside one it is renewed");
  t.equal(parseCertificate(renewed).subject, "O=io.strimzi, CN=my-cluster-kafka-exporter");
  t.not(exporterDeployment(inside)?.spec?.template.metadata?.annotations?.["strimzi.io/server-cert-hash"],
    exporterDeployment(outside)?.spec?.template.metadata?.annotations?.["strimzi.io/server-cert-hash"], "and the new certificate rolls the exporter");
});

t.test("without a key left in this sync's budget, the Deployment waits for its certificate", async (t) => {
  const answer = syncKafka(exampleRequest(EXAMPLE), { ...testEnvironment(), newKeysPerSync: 7 });
  t.equal(exporterSecret(answer), undefined);
  t.equal(exporterDeployment(answer), undefined, "a pod could not start without its Secret");
  t.match(answer.status.conditions?.[0]?.message, /certificates for .*my-cluster-kafka-exporter-certs/);
  t.equal(answer.resyncAfterSeconds, 1);
});
