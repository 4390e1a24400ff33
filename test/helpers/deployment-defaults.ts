// What the API server adds to an apps/v1 Deployment on admission, beyond
// admitted() (apiserver-defaults.ts): the defaults of the pod template (Kubernetes'
// SetDefaults_Container, _Probe, _HTTPGetAction, _SecretVolumeSource,
// _ConfigMapVolumeSource, _DownwardAPIVolumeSource, _ObjectFieldSelector, _Deployment
// in pkg/apis/{core,apps}/v1/defaults.go). Only what lands inside a list matters
// for drift (Metacontroller's merge replaces lists whole; a field only the server
// sets outside one is kept), but the scalars are written too, so a test can tell.
import { admitted } from "./apiserver-defaults.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };
const isMap = (v: Json | undefined): v is JsonMap => typeof v === "object" && v !== null && !Array.isArray(v);
const maps = (v: Json | undefined): JsonMap[] => (Array.isArray(v) ? v.filter(isMap) : []);

/** Always for `:latest` or no tag, IfNotPresent otherwise (a digest counts as a tag). */
function pullPolicy(image: string): string {
  const name = image.slice(image.lastIndexOf("/") + 1);
  if (name.includes("@")) return "IfNotPresent";
  const tag = name.includes(":") ? name.slice(name.lastIndexOf(":") + 1) : "latest";
  return tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultProbe(probe: Json | undefined): void {
  if (!isMap(probe)) return;
  probe["timeoutSeconds"] ??= 1;
  probe["periodSeconds"] ??= 10;
  probe["successThreshold"] ??= 1;
  probe["failureThreshold"] ??= 3;
  const httpGet = probe["httpGet"];
  if (isMap(httpGet)) {
    httpGet["path"] ??= "/";
    httpGet["scheme"] ??= "HTTP";
  }
}

function defaultContainer(container: JsonMap): void {
  container["terminationMessagePath"] ??= "/dev/termination-log";
  container["terminationMessagePolicy"] ??= "File";
  if (typeof container["image"] === "string") container["imagePullPolicy"] ??= pullPolicy(container["image"]);
  container["resources"] ??= {};
  for (const port of maps(container["ports"])) port["protocol"] ??= "TCP";
  for (const env of maps(container["env"])) {
    const fieldRef = isMap(env["valueFrom"]) ? env["valueFrom"]["fieldRef"] : undefined;
    if (isMap(fieldRef)) fieldRef["apiVersion"] ??= "v1";
  }
  defaultProbe(container["livenessProbe"]);
  defaultProbe(container["readinessProbe"]);
  defaultProbe(container["startupProbe"]);
}

function defaultVolume(volume: JsonMap): void {
  for (const source of ["secret", "configMap", "downwardAPI", "projected"]) {
    const spec = volume[source];
    if (isMap(spec)) spec["defaultMode"] ??= 420;
  }
  const downward = volume["downwardAPI"];
  for (const item of isMap(downward) ? maps(downward["items"]) : []) {
    if (isMap(item["fieldRef"])) item["fieldRef"]["apiVersion"] ??= "v1";
  }
}

function defaultPodSpec(spec: JsonMap): void {
  spec["restartPolicy"] ??= "Always";
  spec["dnsPolicy"] ??= "ClusterFirst";
  spec["schedulerName"] ??= "default-scheduler";
  spec["securityContext"] ??= {};
  spec["terminationGracePeriodSeconds"] ??= 30;
  for (const container of [...maps(spec["containers"]), ...maps(spec["initContainers"])]) defaultContainer(container);
  for (const volume of maps(spec["volumes"])) defaultVolume(volume);
}

/** A Deployment as a GET would return it after a create or update. */
export function admittedDeployment(object: object): JsonMap {
  const result = admitted(object);
  const spec = result["spec"];
  if (!isMap(spec)) return result;
  spec["revisionHistoryLimit"] ??= 10;
  spec["progressDeadlineSeconds"] ??= 600;
  if (!isMap(spec["strategy"])) spec["strategy"] = { type: "RollingUpdate" };
  const strategy = spec["strategy"];
  if (isMap(strategy) && strategy["type"] === "RollingUpdate") {
    const rolling = isMap(strategy["rollingUpdate"]) ? strategy["rollingUpdate"] : (strategy["rollingUpdate"] = {});
    if (isMap(rolling)) {
      rolling["maxSurge"] ??= "25%";
      rolling["maxUnavailable"] ??= "25%";
    }
  }
  const template = spec["template"];
  if (isMap(template) && isMap(template["spec"])) defaultPodSpec(template["spec"]);
  return result;
}
