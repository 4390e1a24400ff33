// Logger options. Hook requests carry Secret data in full (CA keys, node keys), so
// request and reply bodies are never logged, and any object that reaches a log
// line with Secret-shaped fields has them censored.
import type { LoggerOptions } from "pino";

export const REDACTED = "[redacted]";

export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.body",
  "res.body",
  "body",
  "data",
  "stringData",
  "*.data",
  "*.stringData",
  "*.body",
  "*.*.data",
  "*.*.stringData",
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
  };
}
