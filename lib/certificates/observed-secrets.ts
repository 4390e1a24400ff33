// Secrets the Kafka hook reads back: the ones it made (children) and the ones
// a user provides (related, asked for by name in the customize hook).
import type { KubeObject, Secret } from "../api/kubernetes.js";
import { ANNOTATION } from "../labels.js";
import { objectsOfType, type ObjectsByType } from "../metacontroller.js";

export type SecretsByName = ReadonlyMap<string, Secret>;

/**
 * What the certificates read of a Secret: its data, annotations and owners.
 * Leaving out the rest, Metacontroller's copy of the last applied object above
 * all, halves what a sync compares to tell whether its certificates still stand
 * (lib/sync/remembered.ts).
 */
function certificateView(secret: KubeObject): Secret {
  const { annotations, ownerReferences } = secret.metadata;
  const { [ANNOTATION.lastAppliedByMetacontroller]: _lastApplied, ...ownAnnotations } = annotations ?? {};
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: secret.metadata.name,
      ...(annotations ? { annotations: ownAnnotations } : {}),
      ...(ownerReferences ? { ownerReferences } : {}),
    },
    ...(secret.data !== undefined ? { data: secret.data as Record<string, string> } : {}),
  };
}

/** Children win over related objects of the same name: they are what the hook last wrote. */
export function observedSecrets(children: ObjectsByType, related: ObjectsByType): SecretsByName {
  const byName = new Map<string, Secret>();
  for (const group of [related, children]) {
    for (const secret of objectsOfType<KubeObject>(group, "Secret", "v1")) byName.set(secret.metadata.name, certificateView(secret));
  }
  return byName;
}

/** The decoded text of one key of a Secret, or undefined (also for a value that is not a string). */
export function secretText(secret: Secret | undefined, key: string): string | undefined {
  const encoded: unknown = secret?.data?.[key];
  return typeof encoded === "string" ? Buffer.from(encoded, "base64").toString("utf8") : undefined;
}

/**
 * Whether a check on material read from a Secret holds; unreadable material (a
 * corrupted certificate, a key in no known format) makes it false instead of
 * failing the sync.
 */
export function holds(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

export const base64 = (value: string | Buffer): string => Buffer.from(value).toString("base64");

/** Every PEM certificate in a text, in order. */
export function pemCertificates(text: string | undefined): string[] {
  return text?.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((pem) => `${pem}\n`) ?? [];
}
