// Schema of kafka-hooks' compact `core.strimzi.io/v1` StrimziPodSet (see
// ../strimzi-podset.ts): the pod spec all pods share is stored once, each pod
// adds only its name, labels, annotations, hostname and volumes. Pod specs are
// free-form: the API server validates them when the Pods are created, and a
// copy of their schema would tie ours to one Kubernetes version.
import type { PodSpec, Volume } from "../kubernetes.js";
import { array, freeForm, object, string } from "./combinators.js";
import { stringMap } from "./common.js";
import { resource } from "./resource.js";

const selector = object({
  matchLabels: stringMap("Labels every pod of the set has."),
  matchExpressions: array(object({
    key: string(),
    operator: string(),
    values: array(string()),
  }, { required: ["key", "operator"] }), { description: "Label requirements every pod of the set meets." }),
}, { description: "Selects the pods of the set." });

const podMetadata = {
  labels: stringMap("Labels of the pod."),
  annotations: stringMap("Annotations of the pod."),
};

export const podTemplate = object({
  metadata: object(podMetadata, { description: "Labels and annotations every pod has." }),
  spec: freeForm<PodSpec>("The Kubernetes PodSpec every pod shares, without the per-pod volumes."),
}, { required: ["metadata", "spec"], description: "What every pod of the set shares." });

export const pod = object({
  metadata: object({
    name: string({ minLength: 1, description: "Name of the pod." }),
    ...podMetadata,
  }, { required: ["name"], description: "Name, and labels and annotations added to the template's." }),
  spec: object({
    hostname: string({ minLength: 1, description: "Host name of the pod in the brokers' headless Service." }),
    volumes: array(freeForm<Volume>("A Kubernetes Volume of this pod only."), { description: "Volumes added to the template's." }),
  }, { required: ["hostname", "volumes"], description: "What this pod adds to the template's spec." }),
}, { required: ["metadata", "spec"], description: "One pod of the set." });

export const strimziPodSetSpec = object({
  selector,
  podTemplate,
  pods: array(pod, { description: "The pods of the set, each made from the template." }),
}, { required: ["selector", "podTemplate", "pods"], description: "The pods of one node pool." });

export const STRIMZI_PODSET_API_VERSION = "core.strimzi.io/v1";

export const strimziPodSetSchema = resource(STRIMZI_PODSET_API_VERSION, "StrimziPodSet", strimziPodSetSpec);
