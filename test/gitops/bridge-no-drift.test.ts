// The KafkaBridge's children do not drift: each comes back from admission
// exactly as the hook sent it (test/helpers/apiserver-defaults.ts models the API
// server, Deployments and their pod templates included), so Metacontroller,
// whose merge replaces lists whole, never updates one that has not changed.
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { syncKafkaBridge } from "../../lib/sync/bridge-sync.js";
import { admitted, drift } from "../helpers/apiserver-defaults.js";
import { bridgeRequests } from "../helpers/bridge-requests.js";
import { testEnvironment } from "../helpers/requests.js";
import type { KafkaBridge } from "../../lib/api/kafka-bridge.js";

// Every field the hook's own lists can hold: TLS and authentication, HTTP TLS, a zone rack, metrics, JVM options, a template.
const EVERYTHING: Partial<KafkaBridge["spec"]> = {
  rack: { topologyKey: "topology.kubernetes.io/zone" },
  http: { port: 8443, tls: { certificateAndKey: { secretName: "http-cert", certificate: "tls.crt", key: "tls.key" } } },
  jvmOptions: { "-Xmx": "1g", "-XX": { UseG1GC: "true" }, javaSystemProperties: [{ name: "a", value: "b" }] },
  // Quantities as users write them, not as the API server stores them.
  resources: { requests: { memory: "1024Mi", cpu: "0.5" }, limits: { memory: "1073741824", cpu: 2 } } as never,
  template: { bridgeContainer: { env: [{ name: "EXTRA", value: "1" }] }, pod: { tmpDirSizeLimit: "10240Ki" } },
};

for (const { example, request } of bridgeRequests()) {
  for (const [variant, extra] of [["as written", {}], ["with every list field", EVERYTHING]] as const) {
    t.test(`${example} ${variant}: every child comes back as sent`, async (t) => {
      const parent = structuredClone(request.parent) as unknown as KafkaBridge;
      parent.spec = { ...parent.spec, ...extra };
      const answer = syncKafkaBridge({ ...request, parent: parent as unknown as KubeObject }, testEnvironment());
      t.ok(answer.children.length >= 5, `${answer.children.length} children`);
      for (const child of answer.children) t.same(drift(child as never, admitted(child)), [], `${child.kind}/${child.metadata.name}`);
    });
  }
}
