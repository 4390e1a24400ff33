// How much the hooks remember, in estimated bytes of heap (lib/heap-size.ts),
// per stage: 112 MiB in all, under a quarter of the hooks container's 512 MiB
// limit (manifests/deployment.yaml), leaving the rest to the process itself
// (about 140 MiB resident at rest) and to the requests in flight (a request at the
// body limit peaks at a few hundred MiB; docs/ARCHITECTURE.md, Performance).
// Beyond a stage's share the least recently used result is forgotten, and
// simply rebuilt when its cluster syncs again; a single result larger than the
// share is not kept.

const MiB = 2 ** 20;

export const REMEMBERED_BYTES = {
  /** The Kafka sync's children (their encoded JSON, the PodSets, the model they came from): 1.6 MiB per 100 nodes. */
  kafkaChildren: 64 * MiB,
  /** The Kafka sync's certificates, with the Secrets they were read from: 0.7 MiB per 100 nodes (24 MiB but the store MAC keys' share). */
  kafkaCertificates: 24 * MiB - MiB / 4,
  /** The PodSet sync's pods (objects and encoded JSON, with the PodSet). */
  podSetPods: 16 * MiB,
  /**
   * Each of the four certificate checks remembered by PEM text (lib/pki/inspect.ts): some 350 nodes' certificates, 6 KiB each
   * with their keys. Only a cluster whose certificates stage is computed again reads them (the stage itself is remembered),
   * one cluster at a time in practice; 6 MiB each cost 100 clusters of 30 nodes some 15 MiB resident for little.
   */
  certificateCheck: 2 * MiB,
  /** PKCS#12 MAC keys by store password and salt (lib/pki/pkcs12.ts), a few hundred bytes each: the stores of a few hundred new clusters' syncs. */
  storeMacKey: MiB / 4,
} as const;
