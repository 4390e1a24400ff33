// A pool's storage as the list of data volumes each of its nodes mounts.
import type { Storage, SingleVolumeStorage } from "../api/kafka-nodepool.js";
import type { DataVolume } from "./types.js";

function dataVolume(volume: SingleVolumeStorage, id: number | undefined): DataVolume {
  const common = { id, deleteClaim: false, kraftMetadata: volume.kraftMetadata === "shared" };
  if (volume.type === "ephemeral") {
    return { ...common, type: "ephemeral", sizeLimit: volume.sizeLimit };
  }
  return {
    ...common,
    type: "persistent-claim",
    size: volume.size,
    storageClass: volume.class,
    selector: volume.selector,
    deleteClaim: volume.deleteClaim ?? false,
    volumeAttributesClass: volume.volumeAttributesClass,
  };
}

/**
 * Data volumes, with exactly one holding the KRaft metadata log: the one marked
 * `kraftMetadata: shared`, else the lowest id (Kafka's own choice is the first log dir).
 */
export function dataVolumes(storage: Storage): DataVolume[] {
  const volumes = storage.type === "jbod"
    ? [...storage.volumes].sort((a, b) => (a.id ?? 0) - (b.id ?? 0)).map((v) => dataVolume(v, v.id ?? 0))
    : [dataVolume(storage, undefined)];
  if (!volumes.some((v) => v.kraftMetadata) && volumes[0]) volumes[0] = { ...volumes[0], kraftMetadata: true };
  return volumes;
}

/** Strimzi reads a volume id into a Java int; anything larger is refused there. */
const MAX_VOLUME_ID = 2 ** 31 - 1;

/** Problems Strimzi rejects in a pool's storage, with the field path. */
export function storageProblems(storage: Storage): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const volumes = storage.type === "jbod" ? storage.volumes : [storage];
  if (storage.type === "jbod") {
    if (storage.volumes.length === 0) problems.push({ path: "spec.storage.volumes", message: "a jbod storage needs at least one volume" });
    const seen = new Set<number>();
    storage.volumes.forEach((v, i) => {
      if (v.id === undefined) problems.push({ path: `spec.storage.volumes[${i}].id`, message: "is required for a volume inside jbod storage" });
      else if (!Number.isSafeInteger(v.id) || v.id > MAX_VOLUME_ID) problems.push({ path: `spec.storage.volumes[${i}].id`, message: `must be an integer <= ${MAX_VOLUME_ID}` });
      else if (seen.has(v.id)) problems.push({ path: `spec.storage.volumes[${i}].id`, message: `volume id ${v.id} is used twice` });
      else seen.add(v.id);
    });
  }
  if (volumes.filter((v) => v.kraftMetadata === "shared").length > 1) {
    problems.push({ path: "spec.storage", message: "only one volume can hold the KRaft metadata (kraftMetadata: shared)" });
  }
  volumes.forEach((v, i) => {
    if (v.type === "persistent-claim" && !v.size) {
      const path = storage.type === "jbod" ? `spec.storage.volumes[${i}].size` : "spec.storage.size";
      problems.push({ path, message: "is required for persistent-claim storage" });
    }
  });
  return problems;
}
