// A node pool's storage. Like Strimzi's CRD, each union of storage kinds is one
// object whose `type` says which fields apply, so a wrong type is reported as
// `type: must be one of: ...` rather than as a failed alternative.
import { array, boolean, enumOf, integer, string, taggedUnion } from "./combinators.js";
import { quantity, stringMap } from "./common.js";

const singleVolumeProperties = {
  id: integer({ minimum: 0, description: "The volume's id; required inside jbod storage." }),
  size: string({ description: "Size of a persistent volume claim, e.g. 100Gi." }),
  sizeLimit: quantity("Size limit of an ephemeral (emptyDir) volume."),
  class: string({ description: "Storage class of a persistent volume claim." }),
  selector: stringMap("Labels that select the persistent volume to bind."),
  deleteClaim: boolean({ description: "Whether the claim is deleted with its node (default false)." }),
  kraftMetadata: enumOf(["shared"], { description: "Set on the volume that also holds the KRaft metadata log." }),
  volumeAttributesClass: string({ description: "Volume attributes class of a persistent volume claim." }),
};

// The fields each kind of volume reads; the schema accepts every field on every kind, as Strimzi's CRD does.
const singleVolumes = {
  ephemeral: { fields: ["id", "sizeLimit", "kraftMetadata"] },
  "persistent-claim": { fields: ["id", "size", "class", "selector", "deleteClaim", "kraftMetadata", "volumeAttributesClass"] },
} as const;

export const jbodVolume = taggedUnion("type", "The kind of volume.", singleVolumeProperties, singleVolumes, {
  description: "One volume of a jbod storage.",
});

export const storage = taggedUnion("type", "The kind of volume.", {
  ...singleVolumeProperties,
  volumes: array(jbodVolume, { description: "The volumes of a jbod storage." }),
}, {
  ...singleVolumes,
  jbod: { fields: ["volumes"], required: ["volumes"] },
}, { description: "Storage of each node: one volume, or several (jbod)." });
