// How an operator's Kafka clients (the Bridge now; Connect and MirrorMaker 2
// later) reach a Kafka cluster: the certificates they trust and how they
// authenticate, as Strimzi's ClientTls and KafkaClientAuthentication.
import { array, boolean, configMap, object, string, taggedUnion } from "./combinators.js";

/** A certificate and its key in a Secret (Strimzi's CertAndKeySecretSource). */
export const certificateAndKey = (description: string) => object({
  secretName: string({ description: "The Secret holding the certificate and key." }),
  certificate: string({ description: "The Secret's key of the certificate." }),
  key: string({ description: "The Secret's key of the private key." }),
}, { required: ["secretName", "certificate", "key"], description });

export const clientTls = object({
  trustedCertificates: array(object({
    secretName: string({ description: "The Secret holding the certificates." }),
    certificate: string({ description: "The Secret's key of one certificate." }),
    pattern: string({ description: "A glob over the Secret's keys: every certificate whose key matches." }),
  }, { required: ["secretName"] }), { description: "Certificates trusted for the Kafka cluster's TLS; one of certificate or pattern per entry." }),
}, { description: "TLS to the Kafka cluster." });

const passwordSecret = object({
  secretName: string({ description: "The Secret holding the password." }),
  password: string({ description: "The Secret's key of the password." }),
}, { required: ["secretName", "password"], description: "The Secret key of the password." });

export const clientAuthentication = taggedUnion("type", "How the client authenticates: a TLS certificate, SCRAM, PLAIN or a custom mechanism.", {
  certificateAndKey: certificateAndKey("The client certificate and key, for tls authentication."),
  username: string({ description: "The user name, for SCRAM and PLAIN." }),
  passwordSecret,
  sasl: boolean({ description: "Whether a custom authentication uses SASL." }),
  config: configMap("Client properties of a custom authentication."),
}, {
  tls: { fields: ["certificateAndKey"], required: ["certificateAndKey"] },
  "scram-sha-256": { fields: ["username", "passwordSecret"], required: ["username", "passwordSecret"] },
  "scram-sha-512": { fields: ["username", "passwordSecret"], required: ["username", "passwordSecret"] },
  plain: { fields: ["username", "passwordSecret"], required: ["username", "passwordSecret"] },
  custom: { fields: ["sasl", "config"] },
}, { description: "Authentication to the Kafka cluster." });
