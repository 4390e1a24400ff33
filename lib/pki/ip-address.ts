// IP addresses in subjectAltName are raw octets, so "10.0.0.1" and "::ffff:a00:1",
// or "2001:db8::1" and "2001:DB8:0:0:0:0:0:1", can only be compared as bytes.
// Written here (not node:net) because lib/ does no network I/O and forge's own
// parser accepts malformed text such as "300.1.1.1".

/** The 4 or 16 octets of an IPv4 or IPv6 address in text form; throws on anything else. */
export function ipAddressOctets(text: string): Buffer {
  const octets = parseIpAddress(text);
  if (!octets) throw new Error(`not an IP address: "${text}"`);
  return octets;
}

/** Whether a name is an IP address (not a DNS name), without the cost of an exception. */
export const isIpAddress = (text: string): boolean => parseIpAddress(text) !== undefined;

function parseIpAddress(text: string): Buffer | undefined {
  return text.includes(":") ? ipv6Octets(text) : ipv4Octets(text);
}

/** Text form of 4 or 16 octets: dotted quad, or RFC 5952 (lower case, longest zero run as "::"). */
export function formatIpAddress(octets: Uint8Array): string {
  if (octets.length === 4) return Array.from(octets).join(".");
  if (octets.length !== 16) throw new Error(`an IP address has 4 or 16 octets, not ${octets.length}`);
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((octets[i] ?? 0) << 8) | (octets[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1; // RFC 5952 4.2.2: a single zero group is not shortened
  for (let start = 0; start < 8; ) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

function ipv4Octets(text: string): Buffer | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255)) return undefined;
  return Buffer.from(parts.map(Number));
}

function ipv6Octets(text: string): Buffer | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const compressed = halves.length === 2;
  const head = groupsOf(halves[0] ?? "", !compressed);
  const tail = compressed ? groupsOf(halves[1] ?? "", true) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (compressed ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(compressed ? missing : 0).fill(0), ...tail];
  const octets = Buffer.alloc(16);
  groups.forEach((group, i) => octets.writeUInt16BE(group, i * 2));
  return octets;
}

// Groups of one side of "::"; a dotted quad ending the address (::ffff:10.0.0.1) counts as two groups.
function groupsOf(side: string, endsAddress: boolean): number[] | undefined {
  if (side === "") return [];
  const parts = side.split(":");
  const last = parts[parts.length - 1] ?? "";
  const dottedQuad = endsAddress && last.includes(".");
  const groups: number[] = [];
  for (const part of dottedQuad ? parts.slice(0, -1) : parts) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return undefined;
    groups.push(parseInt(part, 16));
  }
  if (dottedQuad) {
    const v4 = ipv4Octets(last);
    if (!v4) return undefined;
    groups.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
  }
  return groups;
}
