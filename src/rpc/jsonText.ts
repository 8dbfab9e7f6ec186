/**
 * A handler result that is already JSON text. A hot method whose answer is built from cached JSON
 * pieces (zks_getL2ToL1LogProof) returns one, and the dispatcher splices the text into the response
 * instead of building an object for JSON.stringify to walk again.
 */

/** JSON text standing for a result; `toJSON` makes it serialise as that value anywhere else. */
export class JsonText {
  /** @param text valid JSON (the producer's promise: the dispatcher sends it as is) */
  constructor(readonly text: string) {}

  /** The value the text stands for, so `JSON.stringify(new JsonText(t))` is `t` re-serialised. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}
