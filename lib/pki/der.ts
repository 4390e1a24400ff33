// Walking DER (the encoding of X.509) over the bytes themselves, for the few fields
// node:crypto gives only as display text (a certificate's subjectAltName). node-forge
// reads a whole certificate into objects of binary strings first, which cost a node's
// certificate check as much as verifying its signature.

/** One element: its identifier octet (tag class, constructed bit and number) and where its contents lie. */
export interface DerElement {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

// Lengths of up to four octets: a certificate of more than 4 GiB is no certificate.
const MAX_LENGTH_OCTETS = 4;

/** The element at `offset`; throws unless it lies wholly before `limit`. */
export function derElement(der: Uint8Array, offset: number, limit = der.length): DerElement {
  const tag = der[offset];
  const first = der[offset + 1];
  if (tag === undefined || first === undefined || (tag & 0x1f) === 0x1f) throw new Error("malformed certificate: an element is cut short or has a multi-octet tag");
  let start = offset + 2;
  let length = first;
  if (first & 0x80) {
    const octets = first & 0x7f;
    // Zero octets would be BER's indefinite length, which DER forbids.
    if (octets === 0 || octets > MAX_LENGTH_OCTETS || start + octets > limit) throw new Error("malformed certificate: a length is not DER");
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (der[start + i] as number);
    start += octets;
  }
  const end = start + length;
  if (end > limit) throw new Error("malformed certificate: an element runs past its container");
  return { tag, start, end };
}

/** The elements a constructed element holds, in order. */
export function derChildren(der: Uint8Array, parent: DerElement): DerElement[] {
  if ((parent.tag & 0x20) === 0) throw new Error("malformed certificate: expected a constructed ASN.1 element");
  const children: DerElement[] = [];
  for (let offset = parent.start; offset < parent.end;) {
    const child = derElement(der, offset, parent.end);
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** Whether an element is the context-specific one numbered `n` (`[n]`), primitive or constructed. */
export const isContextTag = (element: DerElement | undefined, n: number): boolean => element !== undefined && (element.tag & 0xdf) === (0x80 | n);
