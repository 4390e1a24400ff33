// The process kubelet's volumes: ConfigMap, Secret, projected and downward-API
// files as the kubelet's atomic writer lays them out (and refreshes them),
// missing sources, and claims whose data outlives pods until the claim goes.
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import type { ConfigMap, PersistentVolumeClaim, Pod, Secret } from "../../lib/api/kubernetes.js";
import { PodVolumes, VolumeNotReady, type VolumeSources } from "./pod-volumes.js";

const configMaps = new Map<string, ConfigMap>();
const secrets = new Map<string, Secret>();
const claims = new Map<string, PersistentVolumeClaim>();
const sources: VolumeSources = {
  configMap: (_ns, name) => configMaps.get(name),
  secret: (_ns, name) => secrets.get(name),
  claim: (_ns, name) => claims.get(name),
};

const pod: Pod = {
  apiVersion: "v1", kind: "Pod",
  metadata: { name: "c-broker-0", namespace: "ns", uid: "pod-uid-1", labels: { app: "kafka" } },
  spec: {
    securityContext: { fsGroup: 1000 },
    containers: [],
    volumes: [
      { name: "config", configMap: { name: "c-broker-0" } },
      { name: "certs", secret: { secretName: "c-broker-0", items: [{ key: "c-broker-0.crt", path: "tls/node.crt", mode: 0o600 }] } },
      { name: "facts", projected: { sources: [
        { configMap: { name: "c-broker-0", items: [{ key: "server.properties", path: "server.properties" }] } },
        { downwardAPI: { items: [{ path: "name", fieldRef: { fieldPath: "metadata.name" } }, { path: "app", fieldRef: { fieldPath: "metadata.labels['app']" } }] } },
      ] } },
      { name: "ip", downwardAPI: { items: [{ path: "ip", fieldRef: { fieldPath: "status.podIP" } }] } },
      { name: "scratch", emptyDir: {} },
      { name: "data", persistentVolumeClaim: { claimName: "data-0-c-broker-0" } },
    ],
  },
};

t.test("volumes are laid out as the kubelet does, refreshed whole, and claims outlive the pod", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "pod-volumes-"));
  const volumes = new PodVolumes(root, sources);
  t.throws(() => volumes.setUp(pod, "127.1.0.2"), new VolumeNotReady('MountVolume.SetUp failed for volume "config" : configmap "c-broker-0" not found'));
  configMaps.set("c-broker-0", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c-broker-0" }, data: { "server.properties": "node.id=0\n", "kafka-run.sh": "exec true\n" } });
  secrets.set("c-broker-0", { apiVersion: "v1", kind: "Secret", metadata: { name: "c-broker-0" }, data: { "c-broker-0.crt": Buffer.from("CERT").toString("base64"), "c-broker-0.key": Buffer.from("KEY").toString("base64") } });
  t.throws(() => volumes.setUp(pod, "127.1.0.2"), new VolumeNotReady('persistentvolumeclaim "data-0-c-broker-0" not found', true));
  claims.set("data-0-c-broker-0", { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data-0-c-broker-0", uid: "claim-uid-1" } });

  const dirs = volumes.setUp(pod, "127.1.0.2");
  const read = (volume: string, path: string): string => readFileSync(join(dirs.get(volume) ?? "", path), "utf8");
  t.equal(read("config", "server.properties"), "node.id=0\n");
  t.equal(readlinkSync(join(dirs.get("config") ?? "", "server.properties")), "..data/server.properties", "keys are links through ..data");
  t.equal(read("certs", "tls/node.crt"), "CERT", "Secret items at their paths, decoded");
  t.equal(statSync(join(dirs.get("certs") ?? "", "tls/node.crt")).mode & 0o777, 0o600, "with their mode");
  t.notOk(existsSync(join(dirs.get("certs") ?? "", "c-broker-0.key")), "keys not among the items are left out");
  t.equal(statSync(join(dirs.get("config") ?? "", "kafka-run.sh")).mode & 0o777, 0o644, "the default mode");
  t.equal(read("facts", "server.properties"), "node.id=0\n");
  t.equal(read("facts", "name"), "c-broker-0");
  t.equal(read("facts", "app"), "kafka");
  t.equal(read("ip", "ip"), "127.1.0.2");
  t.equal(dirs.get("data"), join(root, "claims", "claim-uid-1"));
  t.equal(statSync(dirs.get("data") ?? "").gid, 1000, "claims belong to the pod's fsGroup");
  t.equal(statSync(dirs.get("data") ?? "").mode & 0o7777, 0o2775);
  t.equal(statSync(dirs.get("scratch") ?? "").mode & 0o7777, 0o2777);

  const dataBefore = readlinkSync(join(dirs.get("config") ?? "", "..data"));
  volumes.setUp(pod, "127.1.0.2");
  t.equal(readlinkSync(join(dirs.get("config") ?? "", "..data")), dataBefore, "unchanged sources are not rewritten");
  configMaps.set("c-broker-0", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c-broker-0" }, data: { "server.properties": "node.id=0\nbroker.rack=a\n" } });
  volumes.setUp(pod, "127.1.0.2");
  t.not(readlinkSync(join(dirs.get("config") ?? "", "..data")), dataBefore, "a changed ConfigMap is swapped in whole");
  t.equal(read("config", "server.properties"), "node.id=0\nbroker.rack=a\n");
  t.notOk(existsSync(join(dirs.get("config") ?? "", "kafka-run.sh")), "a key gone from the ConfigMap goes");
  t.notOk(existsSync(join(dirs.get("config") ?? "", dataBefore)), "the previous files go");

  writeFileSync(join(dirs.get("data") ?? "", "meta.properties"), "cluster.id=x\n");
  volumes.tearDown("pod-uid-1");
  t.notOk(existsSync(dirs.get("scratch") ?? ""), "emptyDirs go with the pod");
  t.ok(lstatSync(join(dirs.get("data") ?? "", "meta.properties")).isFile(), "claims stay after the pod");
  t.same(volumes.releaseClaims(new Set(["claim-uid-1"]), new Set()), [], "a claim that exists keeps its data");
  t.same(volumes.releaseClaims(new Set(), new Set(["claim-uid-1"])), [], "and so does one a pod still uses");
  t.same(volumes.releaseClaims(new Set(), new Set()), ["claim-uid-1"], "a deleted claim's data goes");
  t.notOk(existsSync(dirs.get("data") ?? ""));
});
