import t from "tap";
import { canonicalQuantity, compareQuantities } from "../../../lib/volumes/quantity.js";

t.test("quantities compare exactly across suffixes", async (t) => {
  t.equal(compareQuantities("1Gi", "1073741824"), 0);
  t.equal(compareQuantities("1G", "1000M"), 0);
  t.equal(compareQuantities("1.5Gi", "1536Mi"), 0);
  t.equal(compareQuantities("1e9", "1G"), 0);
  t.equal(compareQuantities("1E3", "1k"), 0);
  t.equal(compareQuantities("100Gi", "101Gi"), -1);
  t.equal(compareQuantities("1Ti", "1000Gi"), 1);
  t.equal(compareQuantities("1T", "1Ti"), -1);
  t.equal(compareQuantities(".5Ki", "512"), 0);
  t.equal(compareQuantities("500m", "1"), -1);
  t.equal(compareQuantities("1Ei", "1152921504606846976"), 0);
  t.equal(compareQuantities("1152921504606846977", "1Ei"), 1, "beyond double precision");
});

t.test("anything else is not a quantity", async (t) => {
  t.equal(compareQuantities("100GB", "1Gi"), undefined);
  t.equal(compareQuantities("", "1Gi"), undefined);
  t.equal(compareQuantities("1Gi", "lots"), undefined);
});

t.test("canonical quantities are what the API server stores (apimachinery's CanonicalizeBytes)", async (t) => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["1000m", "1"], ["0.5", "500m"], ["1500m", "1500m"], ["2.5", "2500m"], ["2000", "2k"], ["1000", "1k"], ["1024", "1024"], ["512", "512"], ["0", "0"],
    ["1024Mi", "1Gi"], ["1.5Gi", "1536Mi"], ["100Gi", "100Gi"], ["2000Mi", "2000Mi"], ["1Ki", "1Ki"], ["-1024Mi", "-1Gi"],
    // A binary value below 1024 or not whole is written in decimal.
    ["0.1Ki", "102400m"], ["1.5Ki", "1536"],
    // Exponents stay exponents, in multiples of three; E alone is exa.
    ["1e3", "1e3"], ["12e6", "12e6"], ["1500e3", "1500e3"], ["1E", "1E"],
    // Below a nano, rounded up.
    ["0.0000000001", "1n"],
  ];
  for (const [written, stored] of cases) t.equal(canonicalQuantity(written), stored, written);
  t.equal(canonicalQuantity("ten"), undefined);
});
