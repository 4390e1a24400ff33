// A Connect build through the Metacontroller stand-in and the real hooks over HTTP, on the stand-in API
// server: Strimzi's connect/kafka-connect-build.yaml from its first sync until the workers run the image
// the build pod reported, and a change of the running pod's spec replacing it (`Recreate`). The pod's
// phases are written by the test: no container engine runs Buildah here.
import t from "tap";
import type { KubeObject, Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { connectRequests } from "../helpers/connect-requests.js";
import { FakeApiServer } from "../helpers/fake-apiserver.js";
import { inProcessStore, MetacontrollerStandIn } from "../helpers/metacontroller-standin.js";
import { startHooks } from "../helpers/scenario.js";

const example = connectRequests().find((e) => e.example === "connect/kafka-connect-build.yaml");
if (!example) throw new Error("no connect/kafka-connect-build.yaml");
const parent = example.request.parent as unknown as KubeObject & { spec: { build: { resources?: object } } };
const namespace = parent.metadata.namespace ?? "";
const BUILD_POD = "my-connect-cluster-connect-build";
const IMAGE = `ttl.sh/strimzi-connect-example-4.3.0@sha256:${"cd".repeat(32)}`;

t.test("the build pod over Metacontroller's syncs: created after its Dockerfile, replaced when its spec changes, deleted once recorded", async (t) => {
  const hooks = await startHooks();
  const server = await FakeApiServer.start();
  t.teardown(async () => {
    await server.stop();
    await hooks.close();
  });
  const mc = new MetacontrollerStandIn({ hooks: hooks.url, store: inProcessStore(server) });
  server.put(parent);
  for (const group of Object.values(example.request.related)) for (const object of Object.values(group)) server.put(object);
  const pod = () => server.get<Pod>("v1", "Pod", namespace, BUILD_POD);
  const podSet = () => server.get<StrimziPodSet>("core.strimzi.io/v1", "StrimziPodSet", namespace, "my-connect-cluster-connect");
  const writesOf = async (): Promise<string[]> => {
    const before = mc.writes.length;
    const codes = await mc.syncAll();
    t.ok(codes.length > 0 && codes.every((code) => code === 200), "every sync answers 200");
    return mc.writes.slice(before).filter((w) => / (Pod|ConfigMap|ServiceAccount|StrimziPodSet)\/my-connect-cluster-connect(-build|-dockerfile)?$/.test(w)).sort();
  };

  t.same(await writesOf(), [
    "create ConfigMap/my-connect-cluster-connect-dockerfile", "create ServiceAccount/my-connect-cluster-connect-build", "create ServiceAccount/my-connect-cluster-connect",
  ].sort(), "first the Dockerfile and the ServiceAccounts, no pod, no workers");
  t.same(await writesOf(), [`create Pod/${BUILD_POD}`]);
  const first = pod();
  t.same(await writesOf(), [], "a running build is left alone");

  server.put({ ...parent, spec: { ...parent.spec, build: { ...parent.spec.build, resources: { limits: { memory: "2Gi" } } } } });
  t.same(await writesOf(), [`delete Pod/${BUILD_POD}`], "a changed pod spec: deleted now (Recreate) ...");
  t.same(await writesOf(), [`create Pod/${BUILD_POD}`], "... and created on the next sync");
  t.not(pod()?.metadata?.uid, first?.metadata?.uid);

  const running = pod() as Pod;
  server.put({ ...running, status: { phase: "Succeeded", containerStatuses: [{ name: BUILD_POD, image: "quay.io/strimzi/buildah:1.2.0", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, message: IMAGE } } }] } } as KubeObject);
  t.same(await writesOf(), ["create StrimziPodSet/my-connect-cluster-connect"], "the workers, on the image by digest");
  t.equal(podSet()?.spec.podTemplate.spec.containers[0]?.image, IMAGE);
  t.same(await writesOf(), [`delete Pod/${BUILD_POD}`], "the pod goes once the PodSet records its image");
  t.same(await writesOf(), [], "and nothing moves after");
  t.equal(podSet()?.metadata.annotations?.["strimzi.io/connect-build-image"], IMAGE);
});
