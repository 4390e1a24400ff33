// Certificates the cluster CA issues to the cluster's own components, with
// Strimzi's subjects so that tools matching on them (ACLs for
// CN=cluster-operator, super.users) keep working.
import type { IssuingEnvironment } from "./issuing-environment.js";
import { issueCertificate, type CertificateAuthority, type CertificateProfile } from "./x509.js";

/** The subject all of a Kafka cluster's nodes share; they are told apart by their SANs. */
export const nodeCommonName = (clusterName: string): string => `${clusterName}-kafka`;

/** The operator's identity towards the brokers (Strimzi's `cluster-operator.crt`). */
export const OPERATOR_COMMON_NAME = "cluster-operator";

/**
 * A broker or controller certificate, `O=io.strimzi, CN=<cluster>-kafka`: it serves
 * TLS listeners and authenticates to other nodes, hence serverAuth and clientAuth.
 */
export function issueNodeCertificate(clusterCa: CertificateAuthority, request: NodeCertificateRequest, env: IssuingEnvironment): string {
  return issueServerCertificate(clusterCa, { ...request, commonName: nodeCommonName(request.clusterName) }, env);
}

export interface ServerCertificateRequest {
  readonly commonName: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  /** The cluster CA's `validityDays`; the certificate still ends no later than the CA's. */
  readonly validityDays: number;
  readonly privateKeyPem: string;
}

export type NodeCertificateRequest = Omit<ServerCertificateRequest, "commonName"> & { readonly clusterName: string };

/**
 * `O=io.strimzi, CN=<commonName>` for a member that serves TLS under its names and is a
 * client of the brokers too: a node, or Cruise Control (Strimzi's maybeCopyOrGenerateServerCerts).
 */
export function issueServerCertificate(clusterCa: CertificateAuthority, request: ServerCertificateRequest, env: IssuingEnvironment): string {
  if (request.dnsNames.length === 0 && request.ipAddresses.length === 0) {
    throw new Error("a server certificate needs at least one DNS name or IP address: clients verify the host against them");
  }
  return issueCertificate(
    {
      commonName: request.commonName,
      privateKeyPem: request.privateKeyPem,
      validityDays: request.validityDays,
      profile: {
        certificateAuthority: false,
        keyUsage: ["digitalSignature", "keyEncipherment"],
        extendedKeyUsage: ["serverAuth", "clientAuth"],
        dnsNames: request.dnsNames,
        ipAddresses: request.ipAddresses,
      },
    },
    clusterCa,
    env,
  );
}

const CLIENT_PROFILE: CertificateProfile = {
  certificateAuthority: false,
  keyUsage: ["digitalSignature", "keyEncipherment"],
  extendedKeyUsage: ["clientAuth"],
  dnsNames: [],
  ipAddresses: [],
};

export interface ClientCertificateRequest {
  /** `cluster-operator`, or a component's `<cluster>-<component type>` (`my-cluster-kafka-exporter`). */
  readonly commonName: string;
  /** The cluster CA's `validityDays`; the certificate still ends no later than the CA's. */
  readonly validityDays: number;
  readonly privateKeyPem: string;
}

/**
 * `O=io.strimzi, CN=<commonName>`, a TLS client certificate of the cluster CA for
 * the replication listener: the sidecar's admin connections and the in-cluster
 * components' (Strimzi's InternalCa.maybeCopyOrGenerateClientCert). The brokers'
 * `super.users` name these subjects.
 */
export function issueClientCertificate(clusterCa: CertificateAuthority, request: ClientCertificateRequest, env: IssuingEnvironment): string {
  return issueCertificate(
    {
      commonName: request.commonName,
      privateKeyPem: request.privateKeyPem,
      validityDays: request.validityDays,
      profile: CLIENT_PROFILE,
    },
    clusterCa,
    env,
  );
}

export interface UserCertificateRequest {
  /** The KafkaUser's name. */
  readonly userName: string;
  readonly validityDays: number;
  readonly privateKeyPem: string;
}

/**
 * A KafkaUser's TLS client certificate from the clients CA, subject `CN=<user>`
 * alone (Strimzi's InternalCa leaves out the organization for the clients CA), so
 * that the brokers see the principal `User:CN=<user>` that its ACLs and quotas name.
 */
export function issueUserCertificate(clientsCa: CertificateAuthority, request: UserCertificateRequest, env: IssuingEnvironment): string {
  return issueCertificate(
    {
      commonName: request.userName,
      commonNameOnly: true,
      privateKeyPem: request.privateKeyPem,
      validityDays: request.validityDays,
      profile: CLIENT_PROFILE,
    },
    clientsCa,
    env,
  );
}
