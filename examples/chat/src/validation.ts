/**
 * Request checks of the chat service. Every problem becomes one `google.rpc.BadRequest` field
 * violation, so a client shows the message next to the field it is about instead of parsing
 * the error's sentence.
 */
import { Code, errorDetail, RpcError } from "strand";
import { BadRequest, type BadRequest_FieldViolation } from "strand/errors";

/** The longest message, in characters (code points, so an emoji counts once). */
export const MAX_TEXT = 500;
/** The longest name or room name, in characters. */
export const MAX_NAME = 32;

type Violation = Pick<BadRequest_FieldViolation, "field" | "description" | "reason">;

const ROOM = /^[a-z0-9][a-z0-9-]*$/;

function length(text: string): number {
  return [...text].length;
}

function checkName(field: string, value: string, out: Violation[]): void {
  if (value.trim() === "") out.push({ field, description: "must not be empty", reason: "EMPTY" });
  else if (length(value) > MAX_NAME) out.push({ field, description: `must be at most ${MAX_NAME} characters`, reason: "TOO_LONG" });
}

/** Violations of a room name (`room`) and a member name (`name`). */
export function checkMember(request: { readonly room: string; readonly name: string }): Violation[] {
  const out: Violation[] = [];
  if (!ROOM.test(request.room) || length(request.room) > MAX_NAME) {
    out.push({ field: "room", description: `must be 1 to ${MAX_NAME} lowercase letters, digits or dashes`, reason: "INVALID_ROOM" });
  }
  checkName("name", request.name, out);
  return out;
}

/** Violations of a post: those of `checkMember`, and a `text` of 1 to {@link MAX_TEXT} characters. */
export function checkPost(request: { readonly room: string; readonly name: string; readonly text: string }): Violation[] {
  const out = checkMember(request);
  if (request.text.trim() === "") out.push({ field: "text", description: "must not be empty", reason: "EMPTY" });
  else if (length(request.text) > MAX_TEXT) out.push({ field: "text", description: `must be at most ${MAX_TEXT} characters (got ${length(request.text)})`, reason: "TOO_LONG" });
  return out;
}

/** Throws `InvalidArgument` carrying the violations as a `BadRequest` detail, if there are any. */
export function rejectInvalid(violations: readonly Violation[]): void {
  if (violations.length === 0) return;
  const summary = violations.map((v) => `${v.field} ${v.description}`).join("; ");
  throw new RpcError(Code.InvalidArgument, summary, { details: [errorDetail(BadRequest, { fieldViolations: [...violations] })] });
}
