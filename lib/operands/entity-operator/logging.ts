// The Topic and User Operators' logging. Strimzi's operators are Java processes
// reading log4j2.properties from their ConfigMap; ours are Node.js processes that
// log with pino at one level. The ConfigMap keeps Strimzi's name, key and file
// (Strimzi's default-logging/EntityTopicOperator.properties and
// EntityUserOperator.properties with inline `logging.loggers` on top, or the
// user's own file for `external` logging), so whoever reads or mounts it finds
// what Strimzi writes; the process is told the file's root level as a pino level
// in `LOG_LEVEL`.
import type { Logging } from "../../api/kafka.js";
import { withInlineLoggers, withMonitorInterval } from "../../config/logging.js";
import { renderProperties } from "../../kafka-files/properties.js";
import { TOPIC_OPERATOR, USER_OPERATOR, type OperatorKind, type OperatorLogging } from "./input.js";

const ROOT_LEVEL = "rootLogger.level";

const defaults = (name: string): ReadonlyArray<readonly [string, string]> => [
  ["name", name],
  ["appender.console.type", "Console"],
  ["appender.console.name", "STDOUT"],
  ["appender.console.layout.type", "PatternLayout"],
  ["appender.console.layout.pattern", "%d{yyyy-MM-dd HH:mm:ss} %-5p %c{1}:%L - %m%n"],
  [ROOT_LEVEL, "INFO"],
  ["rootLogger.appenderRefs", "stdout"],
  ["rootLogger.appenderRef.console.ref", "STDOUT"],
  ["rootLogger.additivity", "false"],
  ["logger.jetty.name", "org.eclipse.jetty"],
  ["logger.jetty.level", "INFO"],
  ["logger.jetty.additivity", "false"],
  // Strimzi adds it to every file it generates (LoggingUtils.createLog4jProperties).
  ["monitorInterval", "30"],
];

const DEFAULTS: Record<OperatorKind, ReadonlyArray<readonly [string, string]>> = {
  [TOPIC_OPERATOR]: defaults("TOConfig"),
  [USER_OPERATOR]: defaults("UOConfig"),
};

/** log4j2's levels as pino names them; ALL logs everything, OFF nothing. */
const PINO_LEVEL: Record<string, string> = {
  ALL: "trace", TRACE: "trace", DEBUG: "debug", INFO: "info", WARN: "warn", ERROR: "error", FATAL: "fatal", OFF: "silent",
};

/**
 * The root logger's level a log4j2 properties file sets (`rootLogger.level = X`, or the
 * shorthand `rootLogger = X, appender`), the last one winning as in a properties file.
 */
function rootLevel(properties: string): string | undefined {
  let level: string | undefined;
  for (const line of properties.split(/\r?\n/)) {
    const match = /^\s*rootLogger(\.level)?\s*[=:]\s*([A-Za-z]+)/.exec(line);
    if (match?.[2] !== undefined) level = match[2];
  }
  return level;
}

const pinoLevel = (level: string | undefined): string => PINO_LEVEL[(level ?? "INFO").toUpperCase()] ?? "info";

/** `externalProperties`: the user's file for `external` logging, once read; until then the defaults apply. */
export function operatorLogging(operator: OperatorKind, logging: Logging | undefined, externalProperties: string | undefined): OperatorLogging {
  if (logging?.type === "external" && externalProperties !== undefined) {
    return { log4j2Properties: withMonitorInterval(externalProperties), level: pinoLevel(rootLevel(externalProperties)) };
  }
  const entries = withInlineLoggers(DEFAULTS[operator], logging);
  return {
    log4j2Properties: renderProperties(entries, ["Do not change this generated file. Logging can be configured in the corresponding Kubernetes resource."]),
    level: pinoLevel(entries.find(([key]) => key === ROOT_LEVEL)?.[1]),
  };
}
