// The rules on `jvmOptions.javaSystemProperties`. The schema (Strimzi's CRD) requires
// neither a name nor a value, and kafka-run-class.sh splits KAFKA_OPTS on whitespace:
// a property without a name would start the JVM with `-Dundefined=…`, and one with
// whitespace would pass its tail to the JVM as further options. Refused instead.
import type { JvmOptions } from "../api/common.js";

export function jvmOptionsProblems(jvm: JvmOptions | undefined, path: string): Array<{ path: string; message: string }> {
  return (jvm?.javaSystemProperties ?? []).flatMap((property, index) => {
    const at = `${path}.javaSystemProperties[${index}]`;
    const field = (key: "name" | "value", required: string): Array<{ path: string; message: string }> => {
      const value = property[key];
      if (value === undefined || (key === "name" && value === "")) return [{ path: `${at}.${key}`, message: required }];
      return /\s/.test(value) ? [{ path: `${at}.${key}`, message: "must not contain whitespace: kafka-run-class.sh splits KAFKA_OPTS on it" }] : [];
    };
    return [...field("name", "is required: a system property needs a name"), ...field("value", "is required (it may be empty)")];
  });
}
