/**
 * proto2 `required` fields: generated decoders note which they saw and encoders check they are
 * set, and both call {@link requiredMissing} when one is not — a message without its required
 * fields is one other implementations refuse to parse, so it must not pass silently either way.
 */
import { ProtobufError } from "./protobuf-error.ts";

/** Throws `missing_required` naming each field of `typeName` in `names` whose `present` flag is false. */
export function requiredMissing(typeName: string, names: readonly string[], present: readonly boolean[]): never {
  const missing = names.filter((_, i) => present[i] !== true).map((name) => `${typeName}.${name}`);
  throw new ProtobufError("missing_required", `required field${missing.length === 1 ? "" : "s"} missing: ${missing.join(", ")}`);
}
