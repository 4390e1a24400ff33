// Cruise Control's log4j2.properties: Strimzi's default-logging/CruiseControl.properties
// with inline `logging.loggers` on top, or the user's external file. Cruise Control
// reads it through log4j2, which re-reads it (`monitorInterval`), so a level changes
// without a restart and the file stays out of the pod's hashes.
import type { Logging } from "../../api/kafka.js";
import { withInlineLoggers, withMonitorInterval } from "../../config/logging.js";
import { renderProperties } from "../../kafka-files/properties.js";

const DEFAULTS: ReadonlyArray<readonly [string, string]> = [
  ["name", "CCConfig"],
  ["appender.console.type", "Console"],
  ["appender.console.name", "STDOUT"],
  ["appender.console.layout.type", "PatternLayout"],
  ["appender.console.layout.pattern", "%d{yyyy-MM-dd HH:mm:ss} %-5p %c{1}:%L - %m%n"],
  ["rootLogger.level", "INFO"],
  ["rootLogger.appenderRefs", "stdout"],
  ["rootLogger.appenderRef.console.ref", "STDOUT"],
  ["rootLogger.additivity", "false"],
  // Strimzi adds it to every file it generates (LoggingUtils.createLog4jProperties).
  ["monitorInterval", "30"],
];

export function cruiseControlLog4j2(logging: Logging | undefined, externalProperties: string | undefined): string {
  if (logging?.type === "external" && externalProperties !== undefined) {
    return withMonitorInterval(externalProperties);
  }
  return renderProperties(withInlineLoggers(DEFAULTS, logging), ["Do not change this generated file. Logging can be configured in the corresponding Kubernetes resource."]);
}
