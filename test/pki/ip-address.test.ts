import t from "tap";
import { formatIpAddress, ipAddressOctets } from "../../lib/pki/ip-address.js";

const hex = (text: string) => ipAddressOctets(text).toString("hex");

t.test("IPv4 text becomes its four octets, and back", async (t) => {
  t.equal(hex("10.0.0.7"), "0a000007");
  t.equal(hex("255.255.255.255"), "ffffffff");
  t.equal(formatIpAddress(Buffer.from([192, 168, 0, 1])), "192.168.0.1");
});

t.test("IPv6 text in any valid spelling gives the same sixteen octets", async (t) => {
  const expected = "20010db8000000000000000000000001";
  for (const spelling of ["2001:db8::1", "2001:DB8:0:0:0:0:0:1", "2001:0db8:0000::0001", "2001:db8:0::0:1"]) {
    t.equal(hex(spelling), expected, spelling);
  }
  t.equal(hex("::"), "00".repeat(16));
  t.equal(hex("::1"), `${"00".repeat(15)}01`);
  t.equal(hex("fe80::"), `fe80${"00".repeat(14)}`);
  t.equal(hex("::ffff:10.0.0.7"), `${"00".repeat(10)}ffff0a000007`);
  t.equal(hex("::10.0.0.7"), `${"00".repeat(12)}0a000007`, "IPv4-compatible is not IPv4-mapped (RFC 4291 2.5.5.1)");
  t.equal(hex("1:2:3:4:5:6:10.0.0.7"), "0001000200030004000500060a000007");
});

t.test("IPv6 is written as RFC 5952 says: lower case, the longest zero run (first if tied) as ::", async (t) => {
  const format = (text: string) => formatIpAddress(ipAddressOctets(text));
  t.equal(format("2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
  t.equal(format("::"), "::");
  t.equal(format("0:0:0:0:0:0:0:1"), "::1");
  t.equal(format("fe80:0:0:0:0:0:0:0"), "fe80::");
  t.equal(format("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1", "a single zero group stays");
  t.equal(format("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1", "the longer run wins");
  t.equal(format("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1", "the first of equal runs wins");
});

t.test("anything else is refused", async (t) => {
  for (const text of ["", "10.0.0", "10.0.0.256", "10.0.0.07", "10.0.0.x", "1.2.3.4.5", "2001:db8::1::1", "2001:db8:0:0:0:0:0:0:1",
    "2001:db8:0:0:0:0:1", "12345::", ":1:2:3:4:5:6:7", "1.2.3.4::", "::1.2.3", "g::1", "1:2:3:4:5:6:7::8",
    "127.1", "0x7f.0.0.1", "fe80::1%eth0", "[::1]", " 10.0.0.7"]) {
    t.throws(() => ipAddressOctets(text), /not an IP address/, JSON.stringify(text));
  }
  t.throws(() => formatIpAddress(Buffer.alloc(5)), /4 or 16 octets/);
});
