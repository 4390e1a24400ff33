// The errors the sidecar raises, each with its stable code from lib/reasons.ts
// (`SIDECAR_ERROR`), built as the hooks' are (@fastify/error): a log line, a
// caller or a test tells them apart by `code`, and `instanceof` works.
import createError from "@fastify/error";
import { SIDECAR_ERROR } from "../lib/reasons.js";

// No HTTP status: these never answer a request (@fastify/error leaves a 0 unset).
const NO_STATUS = 0;

/** Thrown before a write, and the reason a term's signal aborts with, once this replica is not sure it leads. */
export const NotLeading = createError<typeof SIDECAR_ERROR.notLeading, [string]>(SIDECAR_ERROR.notLeading, "%s", NO_STATUS);
export const KafkaCredentialsMissing = createError<typeof SIDECAR_ERROR.kafkaCredentialsMissing, [string]>(
  SIDECAR_ERROR.kafkaCredentialsMissing, "%s, so Kafka cannot be asked", NO_STATUS,
);
export const InformersStopped = createError<typeof SIDECAR_ERROR.informersStopped, [string]>(
  SIDECAR_ERROR.informersStopped, "not acting while informers are stopped: %s", NO_STATUS,
);
export const BootstrapAddressInvalid = createError<typeof SIDECAR_ERROR.bootstrapAddressInvalid, [string]>(
  SIDECAR_ERROR.bootstrapAddressInvalid, "a bootstrap address is host:port, got \"%s\"", NO_STATUS,
);
/** A request to a broker that failed; its `cause` says why. */
export const KafkaRequestFailed = createError<typeof SIDECAR_ERROR.kafkaRequestFailed, [string, string, { cause: unknown }]>(
  SIDECAR_ERROR.kafkaRequestFailed, "%s to %s failed", NO_STATUS,
);
export const KafkaApiUnsupported = createError<typeof SIDECAR_ERROR.kafkaApiUnsupported, [string]>(SIDECAR_ERROR.kafkaApiUnsupported, "%s", NO_STATUS);
export const KafkaAnswerIncomplete = createError<typeof SIDECAR_ERROR.kafkaAnswerIncomplete, [string]>(SIDECAR_ERROR.kafkaAnswerIncomplete, "%s", NO_STATUS);
