// What issuing a certificate draws on besides its key: the clock (validity) and
// randomness (serial numbers, PKCS#12 salts and IVs). Injected so that tests and
// previews reproduce a certificate exactly.
import type { PreparedWork } from "./certificate-task.js";

export interface IssuingEnvironment {
  now: () => Date;
  random: (bytes: number) => Buffer;
  /** Certificates the hook issues off its event loop; without it, each is issued when asked for. */
  prepared?: PreparedWork;
}
