// Children that do not drift: what the hooks apply in place comes back from the
// API server exactly as sent (test/helpers/apiserver-defaults.ts models its
// defaulting), so Metacontroller never sees a difference that is not real.
import t from "tap";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { expandPodSet } from "../../lib/podset/expand.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { admitted, canonicalQuantity, drift } from "../helpers/apiserver-defaults.js";
import { exampleRequests } from "../helpers/examples.js";
import { testEnvironment } from "../helpers/requests.js";

t.test("quantities are canonicalised as the API server does", async (t) => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["1000m", "1"], ["0.5", "500m"], ["1500m", "1500m"], ["2000", "2k"], ["1024Mi", "1Gi"], ["1.5Gi", "1536Mi"],
    ["100Gi", "100Gi"], ["2000Mi", "2000Mi"], ["512", "512"], ["0", "0"], ["1Ki", "1Ki"],
  ];
  for (const [given, canonical] of cases) t.equal(canonicalQuantity(given), canonical, given);
});

t.test("the model catches drift: a non-canonical quantity, a port without protocol, an empty map", async (t) => {
  t.same(drift({ spec: { sizeLimit: "1024Mi" } } as never, admitted({ spec: { sizeLimit: "1024Mi" } })), ["spec.sizeLimit: sent \"1024Mi\", admitted \"1Gi\""]);
  const service = { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { ports: [{ port: 9092 }] } };
  t.same(drift(service as never, admitted(service)), ["spec.ports: sent [{\"port\":9092}], admitted [{\"port\":9092,\"protocol\":\"TCP\",\"targetPort\":9092}]"]);
  const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", labels: {} } };
  t.same(drift(configMap as never, admitted(configMap)), ["metadata.labels: sent an object, admitted undefined"]);
});

t.test("the model defaults a Deployment, its pod template and a RoleBinding as the API server does", async (t) => {
  const deployment = {
    apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" },
    spec: {
      selector: { matchLabels: { app: "d" } },
      template: {
        metadata: { labels: { app: "d" } },
        spec: {
          serviceAccountName: "d",
          containers: [{ name: "c", image: "example/c", ports: [{ containerPort: 9404 }], readinessProbe: { httpGet: { port: 9404 }, initialDelaySeconds: 0 } }],
          volumes: [{ name: "s", secret: { secretName: "s" } }, { name: "t", emptyDir: {} }],
        },
      },
    },
  };
  t.same(admitted(deployment)["spec"], {
    selector: { matchLabels: { app: "d" } },
    replicas: 1,
    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    template: {
      metadata: { labels: { app: "d" } },
      spec: {
        serviceAccountName: "d",
        containers: [{
          name: "c", image: "example/c", ports: [{ containerPort: 9404, protocol: "TCP" }],
          readinessProbe: { httpGet: { port: 9404, path: "/", scheme: "HTTP" }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          resources: {}, terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File", imagePullPolicy: "Always",
        }],
        volumes: [{ name: "s", secret: { secretName: "s", defaultMode: 420 } }, { name: "t", emptyDir: {} }],
        dnsPolicy: "ClusterFirst", restartPolicy: "Always", terminationGracePeriodSeconds: 30, securityContext: {},
        schedulerName: "default-scheduler", serviceAccount: "d",
      },
    },
  });
  t.match(drift(deployment as never, admitted(deployment)), [/^spec\.template\.spec\.containers: sent/, /^spec\.template\.spec\.volumes: sent/]);
  const binding = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "b" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" },
    subjects: [{ kind: "ServiceAccount", name: "sa", namespace: "ns" }, { kind: "User", name: "u" }] };
  t.same(admitted(binding)["subjects"], [{ kind: "ServiceAccount", name: "sa", namespace: "ns" }, { kind: "User", name: "u", apiGroup: "rbac.authorization.k8s.io" }]);
});

const APPLIED_IN_PLACE = new Set(["Service", "ConfigMap", "Secret", "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy", "Ingress", "Deployment", "Role", "RoleBinding"]);

for (const { example, request } of exampleRequests()) {
  t.test(`${example}: every child applied in place comes back as sent`, async (t) => {
    const answer = syncKafka(request, testEnvironment());
    for (const child of answer.children.filter((c) => APPLIED_IN_PLACE.has(c.kind))) {
      t.same(drift(child as never, admitted(child)), [], `${child.kind}/${child.metadata.name}`);
    }
    // Pods are never updated (OnDelete), but their quantities must still be canonical:
    // the PodSet hook compares revisions computed from what it sent.
    for (const podSet of answer.children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet")) {
      for (const pod of expandPodSet(podSet)) {
        const sent = { spec: { ...(pod.spec?.initContainers ? { initContainers: pod.spec.initContainers } : {}), containers: pod.spec?.containers, volumes: pod.spec?.volumes } };
        t.same(drift(sent as never, admitted(sent)), [], `Pod/${pod.metadata?.name}`);
      }
    }
  });
}
