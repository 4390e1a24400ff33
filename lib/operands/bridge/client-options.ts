// Which keys of a KafkaBridge's configuration maps the user may set: the Bridge's
// identity, HTTP server and metrics are the operator's too (lib/operands/kafka-clients/options.ts).
import { CLIENT_EXCEPTIONS, type OptionRules } from "../kafka-clients/options.js";

/** Strimzi 1.2's lists (api/.../bridge/KafkaBridge*Spec.java, KafkaBridgeHttpTls.java). */
export const BRIDGE_OPTIONS = {
  /** `spec.config` (KafkaBridgeSpec.FORBIDDEN_PREFIXES, FORBIDDEN_OPTIONS). */
  bridge: { prefixes: ["kafka.", "http.", "bridge.metrics."], options: ["bridge.id", "bridge.tracing", "bridge.metrics"] },
  adminClient: { prefixes: ["ssl.", "bootstrap.servers", "sasl.", "security."], exceptions: CLIENT_EXCEPTIONS },
  producer: { prefixes: ["ssl.", "bootstrap.servers", "sasl.", "security."], exceptions: CLIENT_EXCEPTIONS },
  consumer: { prefixes: ["ssl.", "bootstrap.servers", "group.id", "sasl.", "security."], exceptions: CLIENT_EXCEPTIONS },
  /** `spec.http.tls.config` (KafkaBridgeHttpTls). */
  httpTls: { prefixes: ["ssl."], exceptions: ["ssl.enabled.cipher.suites", "ssl.enabled.protocols"] },
} as const satisfies Record<string, OptionRules>;
