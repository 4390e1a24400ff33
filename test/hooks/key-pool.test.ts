import { createPrivateKey } from "node:crypto";
import t from "tap";
import { generateKeyInBackground, KeyPool } from "../../hooks/key-pool.js";

t.test("keys come from the pool while it has some, on the spot when it is dry, and the pool refills", async (t) => {
  let made = 0;
  const pool = new KeyPool(2, async () => `pooled-${++made}`, () => "on-the-spot");
  t.equal(pool.take(), "on-the-spot", "an empty pool never makes a sync wait");
  await pool.fill();
  t.equal(pool.available, 2);
  t.equal(pool.take(), "pooled-1", "the take above started the filling");
  t.equal(pool.take(), "pooled-2");
  await pool.fill();
  t.equal(pool.available, 2);
  t.equal(pool.take(), "pooled-3", "each take refills");
  t.equal(pool.generatedOnTheSpot, 1, "the one key the dry pool could not give");
});

t.test("a failed background generation is not fatal; the next fill retries", async (t) => {
  let calls = 0;
  const pool = new KeyPool(1, async () => {
    calls++;
    if (calls === 1) throw new Error("entropy ran out");
    return "retried";
  }, () => "on-the-spot");
  await pool.fill();
  t.equal(pool.available, 0);
  await pool.fill();
  t.equal(pool.take(), "retried");
});

t.test("background keys are PKCS#8 RSA keys of 2048 bits", async (t) => {
  const pem = await generateKeyInBackground();
  t.match(pem, /^-----BEGIN PRIVATE KEY-----/);
  const key = createPrivateKey(pem);
  t.equal(key.asymmetricKeyType, "rsa");
  t.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
});
