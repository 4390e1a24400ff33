// `render` of a KafkaUser: what the User Operator would do with it, worked out
// by the same pure rules it runs (lib/users). For each KafkaUser: its Secret
// (the keys it would hold, every value redacted) and a `KafkaUserPreview`
// document with the Kafka user name, whether a SCRAM-SHA-512 credential is set,
// the ACL bindings and the quotas; or, for a KafkaUser the operator refuses, the
// reasons, each naming the field (nothing in Kafka or the Secret would change).
// The clients CA and a user's password Secret are read from the file or the
// observed objects; without the clients CA a throwaway one stands in, which
// changes nothing shown since certificate data is redacted.
import type { KubeObject, Secret } from "../lib/api/kubernetes.js";
import { validateKafkaUser } from "../lib/api/validate.js";
import { seededRandom } from "../lib/environment.js";
import { CA_CERT_KEY, CA_KEY_KEY } from "../lib/certificates/certificate-authorities.js";
import { base64 } from "../lib/certificates/observed-secrets.js";
import { isReconciliationPaused, LABEL } from "../lib/labels.js";
import { clientsCaCertSecretName, clientsCaKeySecretName } from "../lib/names.js";
import { createCertificateAuthority, DEFAULT_CA_RENEWAL_DAYS, DEFAULT_CA_VALIDITY_DAYS } from "../lib/pki/certificate-authority.js";
import { fixedKeyPairSource } from "../lib/pki/keys.js";
import { redactKeyMaterial } from "../lib/sync/preview.js";
import { desiredAcls, type AclBinding } from "../lib/users/acls.js";
import { kafkaUserName, userSecretName } from "../lib/users/principal.js";
import { desiredQuotas, type Quotas } from "../lib/model/client-quotas.js";
import { DEFAULT_SCRAM_PASSWORD_LENGTH } from "../lib/users/scram-password.js";
import { certificateRenewal, desiredUserSecret, type UserSecretSettings } from "../lib/users/user-secret.js";
import { kafkaUserProblems, passwordSecretProblem } from "../lib/users/validation.js";

const KAFKA_USER_API_VERSION = "kafka.strimzi.io/v1";

/** The User Operator's defaults (entity-operator/user-operator/config.ts), as the Entity Operator sets its env without a clientsCa section. */
const SETTINGS: UserSecretSettings = {
  secretPrefix: "", caValidityDays: DEFAULT_CA_VALIDITY_DAYS, caRenewalDays: DEFAULT_CA_RENEWAL_DAYS,
  maintenanceWindows: [], pkcs12: true, scramPasswordLength: DEFAULT_SCRAM_PASSWORD_LENGTH,
};

export interface KafkaUserPreview {
  readonly kind: "KafkaUserPreview";
  /** `<namespace>/<name>`. */
  readonly of: string;
  /** What the operator refuses, each naming the field; empty when it would act. */
  readonly refused: string[];
  readonly username?: string;
  readonly secret?: string;
  readonly scramSha512Credential?: boolean;
  readonly acls?: AclBinding[];
  readonly quotas?: Quotas;
}

/** The documents `render` prints for every KafkaUser among `objects` (namespaced already), with `observed` Secrets beside the file's. */
export function previewKafkaUsers(objects: readonly KubeObject[], observed: readonly KubeObject[], throwawayKeyPem: string, now: Date): object[] {
  const secrets = [...objects, ...observed].filter((o): o is Secret & KubeObject => o.kind === "Secret" && o.apiVersion === "v1");
  const secretNamed = (namespace: string | undefined, name: string): Secret | undefined =>
    secrets.find((s) => s.metadata.name === name && s.metadata.namespace === namespace);
  return objects.filter((o) => o.kind === "KafkaUser" && o.apiVersion === KAFKA_USER_API_VERSION).flatMap((raw) => {
    const of = `${raw.metadata.namespace}/${raw.metadata.name}`;
    // The API server gives the uid; the Secret's owner reference shows where it goes.
    const validated = validateKafkaUser({ ...raw, metadata: { uid: "<the KafkaUser's uid>", ...raw.metadata } });
    if (!validated.ok) return [refusal(of, validated.problems.map((p) => `${p.path}: ${p.message}`))];
    const user = validated.value;
    if (isReconciliationPaused(user)) return [refusal(of, ["metadata.annotations[strimzi.io/pause-reconciliation]: reconciliation is paused"])];
    const problems = kafkaUserProblems(user, { aclsAdminApiSupported: true }).map((p) => `${p.path}: ${p.message}`);
    const auth = user.spec.authentication;
    const ref = auth?.type === "scram-sha-512" ? auth.password?.valueFrom.secretKeyRef : undefined;
    const provided = ref?.name && ref.key ? secretNamed(user.metadata.namespace, ref.name)?.data?.[ref.key] : undefined;
    if (ref?.name && ref.key && !provided) problems.push(passwordSecretProblem(ref.name, ref.key));
    if (problems.length > 0) return [refusal(of, problems)];

    const cluster = user.metadata.labels?.[LABEL.cluster] ?? "";
    const input = {
      user,
      observed: secretNamed(user.metadata.namespace, userSecretName(SETTINGS.secretPrefix, user.metadata.name)),
      ...clientsCa(secretNamed(user.metadata.namespace, clientsCaCertSecretName(cluster)), secretNamed(user.metadata.namespace, clientsCaKeySecretName(cluster)), throwawayKeyPem, now),
      providedPassword: provided === undefined ? undefined : Buffer.from(provided, "base64").toString("utf8"),
      settings: SETTINGS,
    };
    const keys = certificateRenewal(input, now) === undefined ? [] : [throwawayKeyPem];
    const result = desiredUserSecret(input, { now: () => now, random: seededRandom(of), newPrivateKey: fixedKeyPairSource(keys) });
    if (!result.ok) return [refusal(of, [result.message])];
    const username = kafkaUserName(user);
    const preview: KafkaUserPreview = {
      kind: "KafkaUserPreview", of, refused: [], username,
      ...(result.secret?.metadata?.name !== undefined && { secret: result.secret.metadata.name }),
      scramSha512Credential: auth?.type === "scram-sha-512",
      acls: desiredAcls(user, username),
      quotas: desiredQuotas(user),
    };
    return [...(result.secret ? redactKeyMaterial([result.secret as KubeObject]) : []), preview];
  });
}

const refusal = (of: string, refused: string[]): KafkaUserPreview => ({ kind: "KafkaUserPreview", of, refused });

/** The observed clients CA Secrets, or a throwaway CA in their place. */
function clientsCa(cert: Secret | undefined, key: Secret | undefined, throwawayKeyPem: string, now: Date): { clientsCaCert: Secret; clientsCaKey: Secret } {
  if (cert && key) return { clientsCaCert: cert, clientsCaKey: key };
  const ca = createCertificateAuthority({ kind: "clients-ca", keyGeneration: 0, validityDays: DEFAULT_CA_VALIDITY_DAYS }, fixedKeyPairSource([throwawayKeyPem]), { now: () => now, random: seededRandom("clients-ca") });
  const secret = (key: string, pem: string): Secret => ({ apiVersion: "v1", kind: "Secret", data: { [key]: base64(pem) } });
  return { clientsCaCert: secret(CA_CERT_KEY, ca.certificatePem), clientsCaKey: secret(CA_KEY_KEY, ca.privateKeyPem) };
}
