// Comparing what was sent with what a real API server stored.
import type { Json, JsonMap } from "./rest.js";

const isMap = (v: Json | undefined): v is JsonMap => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Paths where a value that was sent is missing or different in what was stored,
 * lists compared item by item: what the server adds (a defaulted field inside a
 * container, a volume appended by admission) is not a loss.
 */
export function lost(sent: Json, stored: Json | undefined, path = ""): string[] {
  if (Array.isArray(sent)) {
    if (!Array.isArray(stored) || stored.length < sent.length) return [`${path}: sent ${sent.length} items, stored ${JSON.stringify(stored)?.slice(0, 200)}`];
    return sent.flatMap((item, i) => lost(item, stored[i], `${path}[${i}]`));
  }
  if (isMap(sent)) {
    if (!isMap(stored)) return [`${path}: sent an object, stored ${JSON.stringify(stored)}`];
    return Object.entries(sent).flatMap(([k, v]) => lost(v, stored[k], path ? `${path}.${k}` : k));
  }
  return sent === stored ? [] : [`${path}: sent ${JSON.stringify(sent)}, stored ${JSON.stringify(stored)}`];
}

/**
 * The stored object with what the server allocates from its own state (a
 * Service's cluster IPs) taken from `model`, so that only rules are compared.
 */
export function serverAssigned(stored: JsonMap, model: JsonMap): JsonMap {
  const spec = stored["spec"];
  const modelSpec = model["spec"];
  if (stored["kind"] !== "Service" || !isMap(spec) || !isMap(modelSpec) || spec["clusterIP"] === "None") return stored;
  return { ...stored, spec: { ...spec, clusterIP: modelSpec["clusterIP"] ?? null, clusterIPs: modelSpec["clusterIPs"] ?? null } };
}
