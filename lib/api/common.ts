// Strimzi types shared by several custom resources, derived from their schemas
// (lib/api/schemas/common.ts).
import type { Static } from "typebox";
import type { containerTemplate, jvmOptions, kafkaPodTemplate, metadataTemplate, probe, resourceTemplate } from "./schemas/common.js";

export type MetadataTemplate = Static<typeof metadataTemplate>;
export type ResourceTemplate = Static<ReturnType<typeof resourceTemplate>>;
/** A pod template of Kafka's nodes; a Deployment's has no `templatedVolumes`. */
export type PodTemplate = Static<typeof kafkaPodTemplate>;
export type ContainerTemplate = Static<ReturnType<typeof containerTemplate>>;
export type JvmOptions = Static<typeof jvmOptions>;
export type Probe = Static<ReturnType<typeof probe>>;
