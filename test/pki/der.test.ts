import { X509Certificate } from "node:crypto";
import t from "tap";
import { derChildren, derElement, isContextTag } from "../../lib/pki/der.js";
import { issueCluster } from "./fixtures.js";

t.test("walks a certificate: its three parts, the TBSCertificate's fields, the extensions as [3]", async (t) => {
  const der = new X509Certificate(issueCluster().node.certificatePem).raw;
  const certificate = derElement(der, 0);
  t.equal(certificate.end, der.length, "the certificate is the whole DER");
  const parts = derChildren(der, certificate);
  t.equal(parts.length, 3, "TBSCertificate, signature algorithm, signature");
  const tbs = derChildren(der, parts[0] as ReturnType<typeof derElement>);
  t.ok(isContextTag(tbs[0], 0), "version [0] first");
  t.ok(isContextTag(tbs[tbs.length - 1], 3), "extensions [3] last");
});

t.test("lengths in one octet and in several", async (t) => {
  t.same(derElement(Buffer.from([0x04, 0x02, 0xaa, 0xbb]), 0), { tag: 0x04, start: 2, end: 4 });
  const long = Buffer.concat([Buffer.from([0x04, 0x82, 0x01, 0x00]), Buffer.alloc(256)]);
  t.same(derElement(long, 0), { tag: 0x04, start: 4, end: 260 });
});

t.test("refuses what is not DER instead of reading past it", async (t) => {
  t.throws(() => derElement(Buffer.from([0x30]), 0), /cut short/, "no length octet");
  t.throws(() => derElement(Buffer.from([0x1f, 0x01, 0x00]), 0), /multi-octet tag/);
  t.throws(() => derElement(Buffer.from([0x30, 0x80, 0x00, 0x00]), 0), /not DER/, "BER's indefinite length");
  t.throws(() => derElement(Buffer.from([0x04, 0x85, 1, 0, 0, 0, 0]), 0), /not DER/, "a length of five octets");
  t.throws(() => derElement(Buffer.from([0x04, 0x05, 0x00]), 0), /runs past/, "contents longer than the bytes");
  const sequence = Buffer.from([0x30, 0x03, 0x04, 0x05, 0x00]);
  t.throws(() => derChildren(sequence, derElement(sequence, 0, 5)), /runs past/, "a child longer than its parent");
  t.throws(() => derChildren(sequence, { tag: 0x04, start: 2, end: 5 }), /constructed/, "a primitive element has no children");
});
