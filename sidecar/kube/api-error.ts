// An answer of the API server other than success, with its status code and the
// Status object's reason and message (never the request: it may carry a Secret).

export class KubeApiError extends Error {
  constructor(readonly code: number, readonly reason: string | undefined, message: string) {
    super(message);
    this.name = "KubeApiError";
  }

  /** The error of an answer: its status code and body (a Status, or whatever a proxy sent). */
  static of(what: string, reply: { status: number; body: string }): KubeApiError {
    let status: { reason?: unknown; message?: unknown } = {};
    try {
      status = JSON.parse(reply.body) as typeof status;
    } catch {
      // Not a Status (a proxy's page): the code says enough.
    }
    const reason = typeof status.reason === "string" ? status.reason : undefined;
    const message = typeof status.message === "string" ? status.message : reply.body.slice(0, 200);
    return new KubeApiError(reply.status, reason, `${what}: ${reply.status}${reason ? ` ${reason}` : ""}: ${message}`);
  }
}

/** The status code of an API error; undefined for anything else (a network error). */
export const statusCode = (error: unknown): number | undefined => (error instanceof KubeApiError ? error.code : undefined);
