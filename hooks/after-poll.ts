// Yielding the event loop so that other I/O is read first: a /healthz request or
// another hook's call waiting while a sync runs in steps.

/**
 * Resolves once the event loop has polled for I/O again. One setImmediate called
 * from an I/O callback, such as the one that read a request, runs in the check
 * phase of the same loop iteration, before any other I/O is read: the CPU of both
 * counts as one block. From there, a second one runs in the next iteration's
 * check phase, after its poll.
 */
export const afterPoll = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
