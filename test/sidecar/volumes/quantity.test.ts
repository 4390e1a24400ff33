import t from "tap";
import { compareQuantities } from "../../../lib/volumes/quantity.js";

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
