// IP addresses in subjectAltName are raw octets, so "10.0.0.1" and "::ffff:a00:1",
// or "2001:db8::1" and "2001:DB8:0:0:0:0:0:1", can only be compared as bytes.
// ipaddr.js parses and formats them (not node:net: lib/ does no network I/O;
// not forge's parser, which accepts malformed text such as "300.1.1.1").
import ipaddr from "ipaddr.js";

/**
 * Whether a name is an IP address (not a DNS name): IPv4 only as four decimal
 * parts (ipaddr.js also reads "127.1" and "0x7f.0.0.1", which are names here,
 * as they are to Kubernetes), IPv6 without a zone. Names of digits and dots
 * only reach ipaddr.js: it answers every other one through an exception, and
 * most names a certificate carries are DNS names.
 */
export function isIpAddress(text: string): boolean {
  if (text.includes(":")) return !text.includes("%") && ipaddr.IPv6.isValid(text);
  return /^[\d.]+$/.test(text) && ipaddr.IPv4.isValidFourPartDecimal(text);
}

// ipaddr.js reads the deprecated IPv4-compatible form as IPv4-mapped ("::1.2.3.4"
// as "::ffff:1.2.3.4"); RFC 4291 2.5.5.1 gives it no ffff, and certificates
// issued before ipaddr.js was used carry it so.
const IPV4_COMPATIBLE = /^::\d+\.\d+\.\d+\.\d+$/;

/** The 4 or 16 octets of an IPv4 or IPv6 address in text form; throws on anything else. */
export function ipAddressOctets(text: string): Buffer {
  if (!isIpAddress(text)) throw new Error(`not an IP address: "${text}"`);
  const octets = Buffer.from(ipaddr.parse(text).toByteArray());
  if (IPV4_COMPATIBLE.test(text)) octets.fill(0, 10, 12);
  return octets;
}

/** Text form of 4 or 16 octets: dotted quad, or RFC 5952 (lower case, longest zero run as "::"). */
export function formatIpAddress(octets: Uint8Array): string {
  if (octets.length !== 4 && octets.length !== 16) throw new Error(`an IP address has 4 or 16 octets, not ${octets.length}`);
  return ipaddr.fromByteArray(Array.from(octets)).toString();
}
