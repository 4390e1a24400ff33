// The Entity Operator (`spec.entityOperator`) through the Kafka hook: Strimzi's
// objects, names, labels, rules, env and probes on the project's own image, its
// operators' client certificates and the brokers admitting them, logging as a
// level for our processes, templates, readiness, and a watched namespace
// elsewhere refused with nothing removed.
import t from "tap";
import type { Kafka } from "../../lib/api/kafka.js";
import type { ConfigMap, Container, Deployment, KubeObject, Secret } from "../../lib/api/kubernetes.js";
import type { SyncRequest, SyncResponse } from "../../lib/metacontroller.js";
import { shortHash } from "../../lib/hash.js";
import { isSignedBy, parseCertificate } from "../../lib/pki/inspect.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { DEFAULT_ENTITY_OPERATOR_IMAGE } from "../../lib/environment.js";
import { customizeKafka } from "../../lib/sync/customize.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { nextRequest } from "../helpers/observe.js";
import { openApiError } from "../helpers/openapi.js";
import { restrictedViolations } from "../helpers/pod-security.js";
import { fixturesDir, repoRoot } from "../helpers/paths.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

const EXAMPLE = "kafka/kafka-persistent.yaml";

const labels = (component: string) => ({
  "app.kubernetes.io/instance": "my-cluster",
  "app.kubernetes.io/managed-by": "kafka-hooks",
  "app.kubernetes.io/name": component,
  "app.kubernetes.io/part-of": "strimzi-my-cluster",
  "strimzi.io/cluster": "my-cluster",
  "strimzi.io/component-type": component,
  "strimzi.io/kind": "Kafka",
  "strimzi.io/name": `my-cluster-${component}`,
});
const LABELS = labels("entity-operator");
const SELECTOR = { "strimzi.io/cluster": "my-cluster", "strimzi.io/kind": "Kafka", "strimzi.io/name": "my-cluster-entity-operator" };
const METADATA = { name: "my-cluster-entity-operator", namespace: "myproject", labels: LABELS };

const named = (answer: SyncResponse, kind: string, name: string): KubeObject | undefined => answer.children.find((c) => c.kind === kind && c.metadata.name === name);
const eoDeployment = (answer: SyncResponse): Deployment | undefined => named(answer, "Deployment", "my-cluster-entity-operator") as Deployment | undefined;
const containerOf = (answer: SyncResponse, name: string): Container | undefined => eoDeployment(answer)?.spec?.template.spec?.containers.find((c) => c.name === name);
const text = (secret: KubeObject | undefined, key: string): string => Buffer.from((secret as Secret | undefined)?.data?.[key] ?? "", "base64").toString("utf8");
const eoChildren = (answer: SyncResponse): string[] => answer.children.filter((c) => c.metadata.name.includes("entity")).map((c) => `${c.kind}/${c.metadata.name}`);

/** The persistent example with its `spec.entityOperator` replaced, and any other edit. */
function requestWith(entityOperator: Record<string, unknown> | undefined, edit: (kafka: Kafka) => void = () => {}): SyncRequest {
  const request = exampleRequest(EXAMPLE);
  const kafka = request.parent as unknown as Kafka;
  kafka.spec.entityOperator = entityOperator as Kafka["spec"]["entityOperator"];
  edit(kafka);
  return request;
}

const probe = (path: string, port: string, timing: { initialDelaySeconds: number; failureThreshold: number }) => ({
  httpGet: { path, port, scheme: "HTTP" as const },
  initialDelaySeconds: timing.initialDelaySeconds, timeoutSeconds: 5, periodSeconds: 10, successThreshold: 1, failureThreshold: timing.failureThreshold,
});
const RESTRICTED = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true, runAsNonRoot: true };
const CONTAINER_DEFAULTS = { imagePullPolicy: "IfNotPresent", terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File" } as const;

const TOPIC_OPERATOR_ENV = [
  { name: "STRIMZI_RESOURCE_LABELS", value: "strimzi.io/cluster=my-cluster" },
  { name: "STRIMZI_KAFKA_BOOTSTRAP_SERVERS", value: "my-cluster-kafka-bootstrap:9091" },
  { name: "STRIMZI_NAMESPACE", value: "myproject" },
  { name: "STRIMZI_CLUSTER_NAMESPACE", value: "myproject" },
  { name: "STRIMZI_SECURITY_PROTOCOL", value: "SSL" },
  { name: "STRIMZI_TLS_TRUSTED_CERTS_SECRET_NAME", value: "my-cluster-cluster-ca-cert" },
  { name: "STRIMZI_TLS_SECRET_NAME", value: "my-cluster-entity-topic-operator-certs" },
  { name: "STRIMZI_TLS_KEY_NAME", value: "entity-operator.key" },
  { name: "STRIMZI_TLS_CERT_NAME", value: "entity-operator.crt" },
  { name: "LOG_LEVEL", value: "info" },
];
const USER_OPERATOR_ENV = [
  { name: "STRIMZI_KAFKA_BOOTSTRAP_SERVERS", value: "my-cluster-kafka-bootstrap:9091" },
  { name: "STRIMZI_NAMESPACE", value: "myproject" },
  { name: "STRIMZI_LABELS", value: "strimzi.io/cluster=my-cluster" },
  { name: "STRIMZI_CA_KEY_NAME", value: "my-cluster-clients-ca" },
  { name: "STRIMZI_CA_CERT_NAME", value: "my-cluster-clients-ca-cert" },
  { name: "STRIMZI_CA_NAMESPACE", value: "myproject" },
  { name: "STRIMZI_CA_VALIDITY", value: "365" },
  { name: "STRIMZI_CA_RENEWAL", value: "30" },
  { name: "STRIMZI_CLUSTER_CA_CERT_SECRET_NAME", value: "my-cluster-cluster-ca-cert" },
  { name: "STRIMZI_EO_KEY_SECRET_NAME", value: "my-cluster-entity-user-operator-certs" },
  // Strimzi's default prefix is empty; the API server stores an empty value as no value.
  { name: "STRIMZI_SECRET_PREFIX" },
  { name: "STRIMZI_ACLS_ADMIN_API_SUPPORTED", value: "false" },
  { name: "LOG_LEVEL", value: "info" },
];

/** A container as Strimzi's EntityTopicOperator/EntityUserOperator make it, on our image and command. */
function operatorContainer(operator: "topic" | "user", env: unknown[], startupProbe?: object): Container {
  const [port, containerPort, short] = operator === "topic" ? ["healthcheck-to", 8080, "to"] as const : ["healthcheck-uo", 8081, "uo"] as const;
  return {
    name: `${operator}-operator`,
    image: DEFAULT_ENTITY_OPERATOR_IMAGE,
    // Without a memory limit, the hooks' and the sidecar's cap on V8's old space.
    command: ["node", "--max-old-space-size=384", "dist/entity-operator/main.js", `${operator}-operator`],
    ports: [{ name: port, containerPort, protocol: "TCP" }],
    env: env as Container["env"],
    resources: {},
    livenessProbe: probe("/healthy", port, { initialDelaySeconds: 10, failureThreshold: 3 }),
    readinessProbe: probe("/ready", port, { initialDelaySeconds: 10, failureThreshold: 3 }),
    ...(startupProbe ? { startupProbe } : {}),
    volumeMounts: [
      { name: "kube-api-access", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", readOnly: true },
      { name: `strimzi-${short}-tmp`, mountPath: "/tmp" },
      { name: `entity-${operator}-operator-metrics-and-logging`, mountPath: `/opt/${operator}-operator/custom-config/` },
    ],
    securityContext: RESTRICTED,
    ...CONTAINER_DEFAULTS,
  };
}

t.test("the persistent example gets Strimzi's Entity Operator objects, in Strimzi's order", async (t) => {
  const answer = syncKafka(exampleRequest(EXAMPLE), testEnvironment());
  t.same(eoChildren(answer), [
    "ServiceAccount/my-cluster-entity-operator", "Role/my-cluster-entity-operator", "NetworkPolicy/my-cluster-entity-operator",
    "PodDisruptionBudget/my-cluster-entity-operator",
    "RoleBinding/my-cluster-entity-topic-operator-role", "RoleBinding/my-cluster-entity-user-operator-role",
    "ConfigMap/my-cluster-entity-topic-operator-config", "ConfigMap/my-cluster-entity-user-operator-config",
    "Secret/my-cluster-entity-topic-operator-certs", "Secret/my-cluster-entity-user-operator-certs",
    "Deployment/my-cluster-entity-operator",
  ]);
  for (const child of answer.children.filter((c) => c.metadata.name.includes("entity"))) t.equal(openApiError(child), undefined, `${child.kind} is a valid Kubernetes object`);
  t.same(named(answer, "ServiceAccount", "my-cluster-entity-operator"), { apiVersion: "v1", kind: "ServiceAccount", metadata: METADATA });
  t.same(named(answer, "Role", "my-cluster-entity-operator"), {
    apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: METADATA,
    // Strimzi's ClusterRole strimzi-entity-operator (031-ClusterRole-strimzi-entity-operator.yaml), rule for rule.
    rules: [
      { apiGroups: ["kafka.strimzi.io"], resources: ["kafkatopics"], verbs: ["get", "list", "watch", "create", "patch", "update", "delete"] },
      { apiGroups: ["kafka.strimzi.io"], resources: ["kafkausers"], verbs: ["get", "list", "watch", "create", "patch", "update"] },
      { apiGroups: ["kafka.strimzi.io"], resources: ["kafkatopics/status", "kafkausers/status"], verbs: ["get", "patch", "update"] },
      { apiGroups: ["kafka.strimzi.io"], resources: ["kafkatopics/finalizers", "kafkausers/finalizers"], verbs: ["update"] },
      { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch", "create", "delete", "patch", "update"] },
    ],
  });
  t.same(named(answer, "NetworkPolicy", "my-cluster-entity-operator"), {
    apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: METADATA,
    spec: { podSelector: { matchLabels: SELECTOR }, policyTypes: ["Ingress"], ingress: [{ ports: [{ port: 8080, protocol: "TCP" }] }, { ports: [{ port: 8081, protocol: "TCP" }] }] },
  });
  t.same(named(answer, "PodDisruptionBudget", "my-cluster-entity-operator"), {
    apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: METADATA, spec: { maxUnavailable: 1, selector: { matchLabels: SELECTOR } },
  });
  for (const operator of ["topic", "user"]) {
    t.same(named(answer, "RoleBinding", `my-cluster-entity-${operator}-operator-role`), {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding",
      metadata: { name: `my-cluster-entity-${operator}-operator-role`, namespace: "myproject", labels: labels(`entity-${operator}-operator`) },
      subjects: [{ kind: "ServiceAccount", name: "my-cluster-entity-operator", namespace: "myproject" }],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "my-cluster-entity-operator" },
    });
    const configMap = named(answer, "ConfigMap", `my-cluster-entity-${operator}-operator-config`) as ConfigMap;
    t.same(configMap.metadata, { name: `my-cluster-entity-${operator}-operator-config`, namespace: "myproject", labels: labels(`entity-${operator}-operator`) });
    t.same(configMap.data?.["log4j2.properties"], [
      "# Do not change this generated file. Logging can be configured in the corresponding Kubernetes resource.",
      `name=${operator === "topic" ? "TO" : "UO"}Config`,
      "appender.console.type=Console",
      "appender.console.name=STDOUT",
      "appender.console.layout.type=PatternLayout",
      "appender.console.layout.pattern=%d{yyyy-MM-dd HH:mm:ss} %-5p %c{1}:%L - %m%n",
      "rootLogger.level=INFO",
      "rootLogger.appenderRefs=stdout",
      "rootLogger.appenderRef.console.ref=STDOUT",
      "rootLogger.additivity=false",
      "logger.jetty.name=org.eclipse.jetty",
      "logger.jetty.level=INFO",
      "logger.jetty.additivity=false",
      "monitorInterval=30",
      "",
    ].join("\n"), "Strimzi's default file for the operator");
  }
});

t.test("each operator's client certificate: Strimzi's Secret layout, signed by the cluster CA, a super user of the brokers, admitted to 9091", async (t) => {
  const answer = syncKafka(requestWith({ topicOperator: {}, userOperator: {} }, (k) => { k.spec.kafka.authorization = { type: "simple" }; }), testEnvironment());
  const clusterCa = text(named(answer, "Secret", "my-cluster-cluster-ca-cert"), "ca.crt");
  const serverProperties = (named(answer, "ConfigMap", "my-cluster-broker-0") as ConfigMap).data?.["server.properties"] ?? "";
  const superUsers = /^super\.users=(.*)$/m.exec(serverProperties)?.[1]?.split(";") ?? [];
  for (const operator of ["topic", "user"]) {
    const secret = named(answer, "Secret", `my-cluster-entity-${operator}-operator-certs`) as Secret;
    t.same(secret.metadata, {
      name: `my-cluster-entity-${operator}-operator-certs`, namespace: "myproject", labels: labels(`entity-${operator}-operator`),
      annotations: { "strimzi.io/cluster-ca-cert-generation": "0" },
    });
    t.same(Object.keys(secret.data ?? {}), ["entity-operator.crt", "entity-operator.key"], "both Secrets use Strimzi's key name entity-operator");
    const certificate = text(secret as unknown as KubeObject, "entity-operator.crt");
    t.equal(parseCertificate(certificate).subject, `O=io.strimzi, CN=my-cluster-entity-${operator}-operator`);
    t.ok(isSignedBy(certificate, clusterCa), "signed by the cluster CA");
    t.ok(superUsers.includes(`User:CN=my-cluster-entity-${operator}-operator,O=io.strimzi`), `${operator} operator is one of the brokers' super users, as in Strimzi`);
  }
  const kafkaPolicy = named(answer, "NetworkPolicy", "my-cluster-network-policy-kafka") as unknown as { spec: { ingress: Array<{ ports: Array<{ port: number }>; from?: unknown[] }> } };
  const replication = kafkaPolicy.spec.ingress.find((r) => r.ports[0]?.port === 9091);
  t.same(replication?.from?.[2], { podSelector: { matchLabels: { "strimzi.io/name": "my-cluster-entity-operator" } } }, "the brokers admit the Entity Operator's pod to replication");
  t.same(eoDeployment(answer)?.spec?.template.metadata?.labels?.["strimzi.io/name"], "my-cluster-entity-operator", "which carries that label");

  const without = syncKafka(requestWith(undefined), testEnvironment());
  t.same(eoChildren(without), [], "a Kafka without spec.entityOperator has none of it");
  t.same(eoChildren(syncKafka(requestWith({ template: { pod: { priorityClassName: "x" } } }), testEnvironment())), [], "nor one with neither operator (EntityOperator.fromCrd)");
  const withoutPolicy = named(without, "NetworkPolicy", "my-cluster-network-policy-kafka") as unknown as typeof kafkaPolicy;
  t.equal(withoutPolicy.spec.ingress.find((r) => r.ports[0]?.port === 9091)?.from?.length, 2, "and the brokers admit no Entity Operator");
});

t.test("the Deployment: one replica, Recreate, both containers on the project's image with Strimzi's names, ports, probes and env", async (t) => {
  const answer = syncKafka(exampleRequest(EXAMPLE), testEnvironment());
  const deployment = eoDeployment(answer);
  t.same(deployment?.metadata, METADATA);
  const { template, ...spec } = deployment?.spec ?? { template: {} };
  t.same(spec, { replicas: 1, selector: { matchLabels: SELECTOR }, strategy: { type: "Recreate" }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
  t.same(template.metadata?.labels, LABELS);
  const annotations = template.metadata?.annotations ?? {};
  t.same(Object.keys(annotations), ["strimzi.io/cluster-ca-cert-generation", "strimzi.io/cluster-ca-key-generation", "strimzi.io/server-cert-hash"]);
  // Strimzi's server-cert-hash: the topic then the user operator's certificate thumbprints, joined.
  const certificates = ["topic", "user"].map((o) => text(named(answer, "Secret", `my-cluster-entity-${o}-operator-certs`), "entity-operator.crt"));
  t.equal(annotations["strimzi.io/server-cert-hash"], certificates.map((pem) => shortHash(pem)).join(""));
  t.same(template.spec, {
    serviceAccountName: "my-cluster-entity-operator",
    automountServiceAccountToken: false,
    containers: [
      operatorContainer("topic", TOPIC_OPERATOR_ENV, probe("/healthy", "healthcheck-to", { initialDelaySeconds: 15, failureThreshold: 12 })),
      operatorContainer("user", USER_OPERATOR_ENV),
    ],
    volumes: [
      {
        name: "kube-api-access",
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { path: "token", expirationSeconds: 3600 } },
            { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
            { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
          ],
        },
      },
      { name: "strimzi-to-tmp", emptyDir: { medium: "Memory", sizeLimit: "5Mi" } },
      { name: "entity-topic-operator-metrics-and-logging", configMap: { name: "my-cluster-entity-topic-operator-config", defaultMode: 420 } },
      { name: "entity-user-operator-metrics-and-logging", configMap: { name: "my-cluster-entity-user-operator-config", defaultMode: 420 } },
      { name: "strimzi-uo-tmp", emptyDir: { medium: "Memory", sizeLimit: "5Mi" } },
    ],
    securityContext: { runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    terminationGracePeriodSeconds: 30,
    restartPolicy: "Always",
    schedulerName: "default-scheduler",
    dnsPolicy: "ClusterFirst",
  });
  t.same(restrictedViolations(template.spec), [], "the pod meets Pod Security restricted, as the cluster's other pods do");
});

t.test("Strimzi's PodMonitor entity-operator-metrics selects the pod and finds both operators' /metrics ports", async (t) => {
  const monitor = yaml.load(readFileSync(join(fixturesDir, "strimzi", "entity-operator-metrics.yaml"), "utf8")) as {
    spec: { selector: { matchLabels: Record<string, string> }; podMetricsEndpoints: Array<{ path: string; port: string }> };
  };
  const pod = eoDeployment(syncKafka(exampleRequest(EXAMPLE), testEnvironment()))?.spec?.template;
  for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels)) t.equal(pod?.metadata?.labels?.[key], value, `${key}=${value}`);
  const ports = (pod?.spec?.containers ?? []).flatMap((c) => c.ports ?? []).map((p) => p.name);
  t.same(monitor.spec.podMetricsEndpoints.map((e) => `${e.port} ${e.path}`), ["healthcheck-to /metrics", "healthcheck-uo /metrics"]);
  for (const endpoint of monitor.spec.podMetricsEndpoints) t.ok(ports.includes(endpoint.port), `the pod has port ${endpoint.port}`);
});

t.test("the default image is the hooks' own (manifests/deployment.yaml); ENTITY_OPERATOR_IMAGE and each operator's image override it", async (t) => {
  const manifest = yaml.loadAll(readFileSync(join(repoRoot, "manifests", "deployment.yaml"), "utf8")) as Deployment[];
  const hooks = manifest.flatMap((d) => d.spec?.template.spec?.containers ?? []).find((c) => c.name === "hooks");
  t.equal(hooks?.image, DEFAULT_ENTITY_OPERATOR_IMAGE);
  const mirrored = "registry.example/kafka-hooks:0.1.0";
  const answer = syncKafka(exampleRequest(EXAMPLE), { ...testEnvironment(), entityOperatorImage: mirrored });
  t.same(eoDeployment(answer)?.spec?.template.spec?.containers.map((c) => c.image), [mirrored, mirrored]);
  const own = syncKafka(requestWith({ topicOperator: { image: "registry.example/to:1" }, userOperator: {} }), { ...testEnvironment(), entityOperatorImage: mirrored });
  t.same(eoDeployment(own)?.spec?.template.spec?.containers.map((c) => c.image), ["registry.example/to:1", mirrored]);
});

t.test("one operator alone: only its RoleBinding, ConfigMap, certificate, port and container", async (t) => {
  const topic = syncKafka(requestWith({ topicOperator: {} }), testEnvironment());
  t.same(eoChildren(topic), [
    "ServiceAccount/my-cluster-entity-operator", "Role/my-cluster-entity-operator", "NetworkPolicy/my-cluster-entity-operator",
    "PodDisruptionBudget/my-cluster-entity-operator", "RoleBinding/my-cluster-entity-topic-operator-role",
    "ConfigMap/my-cluster-entity-topic-operator-config", "Secret/my-cluster-entity-topic-operator-certs", "Deployment/my-cluster-entity-operator",
  ]);
  t.same(eoDeployment(topic)?.spec?.template.spec?.containers.map((c) => c.name), ["topic-operator"]);
  t.same(eoDeployment(topic)?.spec?.template.spec?.volumes?.map((v) => v.name), ["kube-api-access", "strimzi-to-tmp", "entity-topic-operator-metrics-and-logging"]);
  t.same((named(topic, "NetworkPolicy", "my-cluster-entity-operator") as unknown as { spec: { ingress: unknown } }).spec.ingress, [{ ports: [{ port: 8080, protocol: "TCP" }] }]);
  const user = syncKafka(requestWith({ userOperator: {} }), testEnvironment());
  t.same(eoChildren(user).filter((c) => c.includes("topic")), []);
  t.same(eoDeployment(user)?.spec?.template.spec?.containers.map((c) => c.name), ["user-operator"]);
  t.same((named(user, "NetworkPolicy", "my-cluster-entity-operator") as unknown as { spec: { ingress: unknown } }).spec.ingress, [{ ports: [{ port: 8081, protocol: "TCP" }] }]);
});

t.test("the operators' settings reach their env, probes, resources and logging", async (t) => {
  const answer = syncKafka(requestWith({
    topicOperator: {
      reconciliationIntervalMs: 60000,
      resources: { requests: { cpu: "0.5", memory: "1024Mi" }, limits: { memory: "1Gi" } },
      livenessProbe: { initialDelaySeconds: 0, timeoutSeconds: 3 },
      startupProbe: { failureThreshold: 30 },
      logging: { type: "inline", loggers: { "rootLogger.level": "DEBUG", "logger.kafka.name": "org.apache.kafka", "logger.kafka.level": "WARN" } },
    },
    userOperator: { secretPrefix: "kafka-", reconciliationIntervalMs: 120000, logging: { type: "inline", loggers: { "rootLogger.level": "OFF" } } },
  }, (k) => {
    k.spec.clientsCa = { validityDays: 1000, renewalDays: 60 };
    k.spec.maintenanceTimeWindows = ["* * 0-1 ? * SUN,MON", "* * 8-9 ? * *"];
    k.spec.kafka.authorization = { type: "custom", authorizerClass: "org.example.Authorizer", supportsAdminApi: true };
  }), testEnvironment());
  const to = containerOf(answer, "topic-operator");
  t.same(to?.env?.find((e) => e.name === "STRIMZI_FULL_RECONCILIATION_INTERVAL_MS"), { name: "STRIMZI_FULL_RECONCILIATION_INTERVAL_MS", value: "60000" });
  t.same(to?.env?.map((e) => e.name).indexOf("STRIMZI_FULL_RECONCILIATION_INTERVAL_MS"), 4, "after the namespaces, as Strimzi orders it");
  t.same(to?.env?.at(-1), { name: "LOG_LEVEL", value: "debug" }, "the root level, as pino names it");
  t.same(to?.resources, { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" } }, "quantities as the API server stores them");
  t.same(to?.command, ["node", "--max-old-space-size=768", "dist/entity-operator/main.js", "topic-operator"], "V8's old space capped at three quarters of the memory limit");
  t.same(containerOf(answer, "user-operator")?.command, ["node", "--max-old-space-size=384", "dist/entity-operator/main.js", "user-operator"], "each container by its own limit");
  // A probe in the spec replaces Strimzi's defaults with the probe's own (StrimziProbe: delay 15, timeout 5).
  t.same(to?.livenessProbe, { httpGet: { path: "/healthy", port: "healthcheck-to", scheme: "HTTP" }, timeoutSeconds: 3, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  t.same(to?.readinessProbe, probe("/ready", "healthcheck-to", { initialDelaySeconds: 10, failureThreshold: 3 }), "the other probes keep Strimzi's defaults");
  t.same(to?.startupProbe, probe("/healthy", "healthcheck-to", { initialDelaySeconds: 15, failureThreshold: 30 }));
  const toLogging = (named(answer, "ConfigMap", "my-cluster-entity-topic-operator-config") as ConfigMap).data?.["log4j2.properties"] ?? "";
  t.match(toLogging, /^rootLogger\.level=DEBUG$/m);
  t.match(toLogging, /^logger\.kafka\.level=WARN$/m);
  const uo = containerOf(answer, "user-operator");
  t.same(uo?.env?.slice(3), [
    { name: "STRIMZI_FULL_RECONCILIATION_INTERVAL_MS", value: "120000" },
    { name: "STRIMZI_CA_KEY_NAME", value: "my-cluster-clients-ca" },
    { name: "STRIMZI_CA_CERT_NAME", value: "my-cluster-clients-ca-cert" },
    { name: "STRIMZI_CA_NAMESPACE", value: "myproject" },
    { name: "STRIMZI_CA_VALIDITY", value: "1000" },
    { name: "STRIMZI_CA_RENEWAL", value: "60" },
    { name: "STRIMZI_CLUSTER_CA_CERT_SECRET_NAME", value: "my-cluster-cluster-ca-cert" },
    { name: "STRIMZI_EO_KEY_SECRET_NAME", value: "my-cluster-entity-user-operator-certs" },
    { name: "STRIMZI_SECRET_PREFIX", value: "kafka-" },
    { name: "STRIMZI_ACLS_ADMIN_API_SUPPORTED", value: "true" },
    // Cron expressions hold commas: Strimzi joins them with semicolons.
    { name: "STRIMZI_MAINTENANCE_TIME_WINDOWS", value: "* * 0-1 ? * SUN,MON;* * 8-9 ? * *" },
    { name: "LOG_LEVEL", value: "silent" },
  ]);
  const simple = syncKafka(requestWith({ userOperator: {} }, (k) => { k.spec.kafka.authorization = { type: "simple" }; }), testEnvironment());
  t.same(containerOf(simple, "user-operator")?.env?.find((e) => e.name === "STRIMZI_ACLS_ADMIN_API_SUPPORTED")?.value, "true", "simple authorization always manages ACLs");
});

t.test("external logging: the user's file in Strimzi's ConfigMap, its root level for the process; missing, the defaults and a Warning", async (t) => {
  const external = { type: "external", valueFrom: { configMapKeyRef: { name: "eo-logging", key: "to.properties" } } };
  const request = requestWith({ topicOperator: { logging: external }, userOperator: {} });
  t.ok(customizeKafka(request.parent).relatedResources.some((r) => r.resource === "configmaps" && r.names?.includes("eo-logging")), "customize asks for the ConfigMap");
  const missing = syncKafka(request, testEnvironment());
  t.match(missing.status.conditions?.find((c) => c.reason === "ExternalLoggingNotFound"),
    { type: "Warning", message: /spec\.entityOperator\.topicOperator\.logging\.valueFrom\.configMapKeyRef: ConfigMap eo-logging does not exist/ });
  t.match((named(missing, "ConfigMap", "my-cluster-entity-topic-operator-config") as ConfigMap).data?.["log4j2.properties"], /^rootLogger\.level=INFO$/m);
  const file = "rootLogger = WARN, STDOUT\nappender.console.type=Console\n";
  request.related["ConfigMap.v1"] = { "myproject/eo-logging": { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "eo-logging", namespace: "myproject" }, data: { "to.properties": file } } as KubeObject };
  const read = syncKafka(request, testEnvironment());
  t.equal((named(read, "ConfigMap", "my-cluster-entity-topic-operator-config") as ConfigMap).data?.["log4j2.properties"], `${file}\nmonitorInterval=30\n`,
    "the user's file, with Strimzi's reload interval added");
  t.same(containerOf(read, "topic-operator")?.env?.at(-1), { name: "LOG_LEVEL", value: "warn" });
  t.notOk(read.status.conditions?.some((c) => c.reason === "ExternalLoggingNotFound"));
});

t.test("templates apply as Strimzi applies them; the template's env never replaces the operators' own", async (t) => {
  const answer = syncKafka(requestWith({
    topicOperator: {},
    userOperator: {},
    template: {
      deployment: { metadata: { labels: { team: "a" }, annotations: { note: "d" } }, deploymentStrategy: "RollingUpdate" },
      pod: {
        metadata: { labels: { team: "a", "strimzi.io/name": "taken" }, annotations: { "prometheus.io/scrape": "true" } },
        securityContext: { runAsUser: 1234 },
        tolerations: [{ key: "dedicated", operator: "Equal", value: "ops", effect: "NoSchedule" }],
        tmpDirSizeLimit: "10Mi",
        volumes: [{ name: "extra", emptyDir: {} }],
      },
      topicOperatorContainer: {
        env: [{ name: "STRIMZI_NAMESPACE", value: "elsewhere" }, { name: "TZ", value: "UTC" }],
        volumeMounts: [{ name: "extra", mountPath: "/extra" }],
      },
      userOperatorContainer: { env: [{ name: "STRIMZI_IGNORED_USERS_PATTERN", value: "^tmp-" }], securityContext: { runAsUser: 4321 } },
      serviceAccount: { metadata: { annotations: { "iam.example/role": "eo" } } },
      podDisruptionBudget: { maxUnavailable: 0 },
      entityOperatorRole: { metadata: { labels: { role: "r" } } },
      topicOperatorRoleBinding: { metadata: { annotations: { binding: "to" } } },
      userOperatorRoleBinding: { metadata: { labels: { binding: "uo" } } },
    },
  }), testEnvironment());
  const deployment = eoDeployment(answer);
  t.same(deployment?.metadata?.labels, { ...LABELS, team: "a" });
  t.same(deployment?.metadata?.annotations, { note: "d" });
  t.same(deployment?.spec?.strategy, { type: "Recreate" }, "always Recreate: Strimzi ignores the template's strategy here");
  t.match(answer.status.conditions?.find((c) => c.reason === "IgnoredField"), { type: "Warning", message: /spec\.entityOperator\.template\.deployment\.deploymentStrategy/ });
  const pod = deployment?.spec?.template;
  t.same(pod?.metadata?.labels, { ...LABELS, team: "a" }, "the template adds labels but never replaces those the selector needs");
  t.equal(pod?.metadata?.annotations?.["prometheus.io/scrape"], "true");
  t.same(pod?.spec?.securityContext, { runAsUser: 1234 });
  t.same(pod?.spec?.tolerations, [{ key: "dedicated", operator: "Equal", value: "ops", effect: "NoSchedule" }]);
  t.same(pod?.spec?.volumes?.map((v) => v.name).at(-1), "extra");
  t.same(pod?.spec?.volumes?.find((v) => v.name === "strimzi-uo-tmp"), { name: "strimzi-uo-tmp", emptyDir: { medium: "Memory", sizeLimit: "10Mi" } });
  const to = containerOf(answer, "topic-operator");
  t.same(to?.env?.filter((e) => e.name === "STRIMZI_NAMESPACE"), [{ name: "STRIMZI_NAMESPACE", value: "myproject" }], "ours stays");
  t.same(to?.env?.at(-1), { name: "TZ", value: "UTC" });
  t.same(to?.volumeMounts?.at(-1), { name: "extra", mountPath: "/extra" });
  t.same(to?.securityContext, RESTRICTED);
  const uo = containerOf(answer, "user-operator");
  t.same(uo?.env?.at(-1), { name: "STRIMZI_IGNORED_USERS_PATTERN", value: "^tmp-" });
  t.same(uo?.securityContext, { runAsUser: 4321 });
  t.same(named(answer, "ServiceAccount", "my-cluster-entity-operator")?.metadata?.annotations, { "iam.example/role": "eo" });
  t.same((named(answer, "PodDisruptionBudget", "my-cluster-entity-operator") as unknown as { spec: { maxUnavailable: number } }).spec.maxUnavailable, 0);
  t.same(named(answer, "Role", "my-cluster-entity-operator")?.metadata?.labels, { ...LABELS, role: "r" });
  t.same(named(answer, "RoleBinding", "my-cluster-entity-topic-operator-role")?.metadata?.annotations, { binding: "to" });
  t.same(named(answer, "RoleBinding", "my-cluster-entity-user-operator-role")?.metadata?.labels, { ...labels("entity-user-operator"), binding: "uo" });
  t.equal(openApiError(deployment as unknown as KubeObject), undefined);
});

t.test("jvmOptions have no JVM to apply to: accepted, and an IgnoredField Warning names them", async (t) => {
  const answer = syncKafka(requestWith({ topicOperator: { jvmOptions: { "-Xmx": "512m" } }, userOperator: { jvmOptions: { gcLoggingEnabled: true } } }), testEnvironment());
  const warning = answer.status.conditions?.find((c) => c.reason === "IgnoredField");
  t.match(warning?.message, /spec\.entityOperator\.topicOperator\.jvmOptions: is ignored: the operator is a Node\.js process/);
  t.match(warning?.message, /spec\.entityOperator\.userOperator\.jvmOptions: is ignored/);
  t.same(containerOf(answer, "topic-operator")?.env, TOPIC_OPERATOR_ENV, "nothing of them reaches the container");
});

t.test("the Kafka is Ready only once the Entity Operator's Deployment has rolled out", async (t) => {
  const first = exampleRequest(EXAMPLE);
  const answer = syncKafka(first, testEnvironment());
  const notReady = syncKafka(nextRequest(first, answer, { readyReplicas: () => 0 }), testEnvironment());
  t.same(notReady.status.conditions?.[0]?.message, "waiting for Deployment my-cluster-entity-operator 0/1 ready, 1/1 updated");
  t.equal(syncKafka(nextRequest(first, answer), testEnvironment()).status.conditions?.[0]?.type, "Ready");
  const changed = requestWith({ topicOperator: { reconciliationIntervalMs: 1000 }, userOperator: {} });
  t.same(syncKafka({ ...nextRequest(first, answer), parent: changed.parent }, testEnvironment()).status.conditions?.[0]?.message,
    "waiting for Deployment my-cluster-entity-operator not yet reconciled");
  // Six nodes and the sidecar's certificate come first (the CAs are not counted): eight keys leave one for the Entity Operator.
  const starved = syncKafka(exampleRequest(EXAMPLE), { ...testEnvironment(), newKeysPerSync: 8 });
  t.same(eoChildren(starved).filter((c) => c.startsWith("Deployment") || c.startsWith("Secret")), ["Secret/my-cluster-entity-topic-operator-certs"],
    "one key short: the user operator's certificate waits, and the Deployment with it");
  t.match(starved.status.conditions?.[0]?.message, /certificates for my-cluster-entity-user-operator-certs .*Deployment of entity-operator waits for its certificates/);
});

t.test("a watched namespace other than the Kafka's is refused naming the field, and nothing is removed (Strimzi deletes the Deployment)", async (t) => {
  const first = exampleRequest(EXAMPLE);
  const running = nextRequest(first, syncKafka(first, testEnvironment()));
  const observed = Object.values(running.children).flatMap((byKey) => Object.values(byKey).map((c) => `${c.kind}/${c.metadata.name}`)).sort();
  t.ok(observed.includes("Deployment/my-cluster-entity-operator"));
  const cases: ReadonlyArray<readonly [Record<string, unknown>, RegExp]> = [
    [{ topicOperator: { watchedNamespace: "topics" }, userOperator: {} }, /spec\.entityOperator\.topicOperator\.watchedNamespace: must be the Kafka's own namespace \(myproject\)/],
    [{ topicOperator: {}, userOperator: { watchedNamespace: "users" } }, /spec\.entityOperator\.userOperator\.watchedNamespace/],
    [{ topicOperator: { reconciliationIntervalMs: -1 }, userOperator: {} }, /spec\.entityOperator\.topicOperator\.reconciliationIntervalMs/],
    [{ topicOperator: { startupProbe: { failureThreshold: 0 } } }, /spec\.entityOperator\.topicOperator\.startupProbe\.failureThreshold/],
    [{ userOperator: { secretPrefix: 5 } }, /spec\.entityOperator\.userOperator\.secretPrefix/],
  ];
  for (const [entityOperator, field] of cases) {
    const answer = syncKafka({ ...running, parent: requestWith(entityOperator).parent }, testEnvironment());
    t.equal(answer.status.conditions?.[0]?.reason, "InvalidResource");
    t.match(answer.status.conditions?.[0]?.message, field);
    t.same(answer.children.map((c) => `${c.kind}/${c.metadata.name}`).sort(), observed, "every observed child is kept, the Entity Operator's included");
  }
  const own = syncKafka({ ...running, parent: requestWith({ topicOperator: { watchedNamespace: "myproject" }, userOperator: { watchedNamespace: "myproject" } }).parent }, testEnvironment());
  t.equal(own.status.conditions?.[0]?.type, "Ready", "the Kafka's own namespace, named, is what Strimzi does by default");
});

t.test("with Cruise Control's gate on, the Topic Operator gets Strimzi's Cruise Control env and mounts; without it, none", async (t) => {
  const withCc = syncKafka(requestWith({ topicOperator: {}, userOperator: {} }, (kafka) => {
    kafka.spec.cruiseControl = { config: { "webserver.security.enable": false } };
    kafka.spec.kafka.rack = { topologyKey: "topology.kubernetes.io/zone" };
  }), { ...testEnvironment(), cruiseControlExtrasImage: "registry.example.com/kafka-extras:cc" });
  const to = containerOf(withCc, "topic-operator");
  t.strictSame(to?.env?.filter((e) => e.name.startsWith("STRIMZI_CRUISE_CONTROL")), [
    { name: "STRIMZI_CRUISE_CONTROL_ENABLED", value: "true" },
    { name: "STRIMZI_CRUISE_CONTROL_RACK_AWARE", value: "true" },
    { name: "STRIMZI_CRUISE_CONTROL_HOSTNAME", value: "my-cluster-cruise-control.myproject.svc" },
    { name: "STRIMZI_CRUISE_CONTROL_PORT", value: "9090" },
    { name: "STRIMZI_CRUISE_CONTROL_SSL_ENABLED", value: "true" },
    { name: "STRIMZI_CRUISE_CONTROL_AUTH_ENABLED", value: "false" },
  ]);
  t.strictSame(to?.volumeMounts?.slice(-2), [{ name: "cluster-ca-certs", mountPath: "/etc/cluster-ca-certs/" }, { name: "eto-cc-api", mountPath: "/etc/eto-cc-api/" }]);
  t.strictSame(eoDeployment(withCc)?.spec?.template.spec?.volumes?.filter((v) => v.name === "cluster-ca-certs" || v.name === "eto-cc-api"), [
    { name: "cluster-ca-certs", secret: { secretName: "my-cluster-cluster-ca-cert", defaultMode: 420 } },
    { name: "eto-cc-api", secret: { secretName: "my-cluster-entity-topic-operator-cc-api", defaultMode: 420 } },
  ]);
  t.notOk(containerOf(withCc, "user-operator")?.env?.some((e) => e.name.startsWith("STRIMZI_CRUISE_CONTROL")), "the User Operator has no part in it");
  t.ok(withCc.children.some((c) => c.kind === "Secret" && c.metadata.name === "my-cluster-entity-topic-operator-cc-api"), "the Secret the mount names is the cluster's");

  const gateOff = syncKafka(requestWith({ topicOperator: {} }, (kafka) => { kafka.spec.cruiseControl = {}; }), testEnvironment());
  const plain = containerOf(gateOff, "topic-operator");
  t.notOk(plain?.env?.some((e) => e.name.startsWith("STRIMZI_CRUISE_CONTROL")), "gate off: no env");
  t.notOk(plain?.volumeMounts?.some((m) => m.name === "eto-cc-api"), "gate off: no mount");
});
