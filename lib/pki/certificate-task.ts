// What issuing one certificate signs, fixed in advance: the request, its issuer,
// the instant it starts and its serial number. Issuing is deterministic given a
// task (RSA PKCS#1 v1.5 signatures are), so a hook can issue the tasks of a sync
// off its event loop and hand the pure core the results (PreparedWork).

/** A CA's certificate and the private key that signs with it. */
export interface CertificateAuthority {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export type KeyUsage = "digitalSignature" | "keyEncipherment" | "keyCertSign" | "cRLSign";
export type ExtendedKeyUsage = "serverAuth" | "clientAuth";

/** What a certificate is for: its extensions, apart from the key identifiers every certificate gets. */
export interface CertificateProfile {
  readonly certificateAuthority: boolean;
  readonly keyUsage: readonly KeyUsage[];
  readonly extendedKeyUsage: readonly ExtendedKeyUsage[];
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
}

export interface CertificateRequest {
  /** The subject is `O=io.strimzi, CN=<commonName>`, as Strimzi issues certificates of its own components. */
  readonly commonName: string;
  /** Leaves out `O=io.strimzi`: a KafkaUser's certificate is `CN=<user>` alone, its Kafka principal `User:CN=<user>`. */
  readonly commonNameOnly?: boolean;
  /** The subject's private key (PKCS#8 PEM); the certificate carries its public half. */
  readonly privateKeyPem: string;
  readonly validityDays: number;
  readonly profile: CertificateProfile;
}

export interface CertificateTask {
  readonly request: CertificateRequest;
  readonly issuer: CertificateAuthority | "self-signed";
  /** notBefore in ms since the epoch, a whole second. */
  readonly notBefore: number;
  /** 20 octets, hex. */
  readonly serialNumber: string;
}

/**
 * A sync's certificates issued ahead by the hook (hooks/prepared-sync.ts). The
 * core runs once to learn what it needs: each task not yet issued is noted and
 * answered with a placeholder, as is a key the hook does not have yet; the hook
 * issues them off the event loop and runs the core again on the same inputs,
 * clock and random bytes, which then finds every result.
 */
export interface PreparedWork {
  /** The certificate issued for `task`; a placeholder until it is. */
  certificate(task: CertificateTask): string;
  /**
   * Takes costly pure work of this run (`label` names it) to do in turns of the
   * event loop of its own, one step a turn, before the next run, which finds its
   * result where the steps left it (a remembered stage). False when this sync
   * took work of that label already: the run then does it itself.
   */
  later(label: string, steps: ReadonlyArray<() => void>): boolean;
  /** This run handed out a placeholder (a certificate or a key) or took work for later: its answer is thrown away, so it may stop early. */
  readonly incomplete: boolean;
}

const PENDING_PREFIX = "-----BEGIN PENDING ";

/** A placeholder for a key or certificate a hook is still preparing; `id` tells placeholders apart. */
export const pendingPem = (label: string, id: number): string => `${PENDING_PREFIX}${label}-----\n${id}\n-----END PENDING ${label}-----\n`;

/** Whether a PEM text is a placeholder: whatever is made from it waits for the next run. */
export const isPending = (pem: string): boolean => pem.startsWith(PENDING_PREFIX);
