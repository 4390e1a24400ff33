// The errors a hook answers with, from the one catalogue in lib/reasons.ts. An
// answer says what kind of failure it was with a stable code; it never carries
// an internal message (an exception's text may quote the request it failed on),
// which goes only to the log.
import createError, { type FastifyError } from "@fastify/error";
import { HOOK_ERROR } from "../lib/reasons.js";

/** A request that is not one Metacontroller sends; the message says which field (never a value of it). */
export const MalformedRequest = createError<typeof HOOK_ERROR.malformedRequest.code, 400, [string]>(
  HOOK_ERROR.malformedRequest.code, "%s", HOOK_ERROR.malformedRequest.statusCode,
);

export interface HookErrorAnswer {
  statusCode: number;
  code: string;
  message: string;
  /** Whether the hooks are at fault: only then is the cause logged. */
  internal: boolean;
}

/** fastify's own request errors, by its code, as answered. */
const FASTIFY_REQUEST_ERRORS: Readonly<Record<string, { code: string; statusCode: number; message: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { ...HOOK_ERROR.bodyTooLarge, message: "the body is larger than the hooks accept" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { ...HOOK_ERROR.unsupportedMediaType, message: "the body must be application/json" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { ...HOOK_ERROR.malformedRequest, message: "the body is empty" },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { ...HOOK_ERROR.malformedRequest, message: "the body's length differs from its Content-Length" },
};

/** What to answer for `error`, thrown while a request was read or answered. */
export function hookErrorAnswer(error: FastifyError): HookErrorAnswer {
  if (error.code === HOOK_ERROR.malformedRequest.code) {
    return { ...HOOK_ERROR.malformedRequest, message: error.message, internal: false };
  }
  // The envelope's JSON schema (hooks/request-schema.ts): ajv's message names the field and the rule.
  if (error.validation) return { ...HOOK_ERROR.malformedRequest, message: error.message, internal: false };
  const known = FASTIFY_REQUEST_ERRORS[error.code];
  if (known) return { ...known, internal: false };
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return { ...HOOK_ERROR.malformedRequest, statusCode: error.statusCode, message: "the request is malformed", internal: false };
  }
  return { ...HOOK_ERROR.internal, message: "the hook failed; the cause is in the hooks' log", internal: true };
}
