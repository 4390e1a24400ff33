// Kubernetes' MicroTime (a Lease's renewTime, an Event's eventTime): RFC 3339 with six decimals, as client-go writes it.
export const microTime = (at: Date): string => at.toISOString().replace(/Z$/, "000Z");
