// A node pool's storage. Like Strimzi's CRD, each union of storage kinds is one
// object whose `type` says which fields apply, so a wrong type is reported as
// `type: must be one of: ...` rather than as a failed alternative.
import { array, boolean, enumOf, integer, object, requiredWhen, string, type Schema } from "./combinators.js";
import { quantity, stringMap } from "./common.js";

const singleVolumeProperties = (types: readonly string[]): Record<string, Schema> => ({
  type: enumOf(types, { description: "The kind of volume." }),
  id: integer({ minimum: 0, description: "The volume's id; required inside jbod storage." }),
  size: string({ description: "Size of a persistent volume claim, e.g. 100Gi." }),
  sizeLimit: quantity("Size limit of an ephemeral (emptyDir) volume."),
  class: string({ description: "Storage class of a persistent volume claim." }),
  selector: stringMap("Labels that select the persistent volume to bind."),
  deleteClaim: boolean({ description: "Whether the claim is deleted with its node (default false)." }),
  kraftMetadata: enumOf(["shared"], { description: "Set on the volume that also holds the KRaft metadata log." }),
  volumeAttributesClass: string({ description: "Volume attributes class of a persistent volume claim." }),
});

export const jbodVolume = object(singleVolumeProperties(["ephemeral", "persistent-claim"]), {
  required: ["type"],
  description: "One volume of a jbod storage.",
});

export const storage = object({
  ...singleVolumeProperties(["ephemeral", "persistent-claim", "jbod"]),
  volumes: array(jbodVolume, { description: "The volumes of a jbod storage." }),
}, {
  required: ["type"],
  rules: [requiredWhen("type", ["jbod"], ["volumes"])],
  description: "Storage of each node: one volume, or several (jbod).",
});
