/**
 * The one zero-length `bytes` value that generated `create()` and `decode()` start fields with:
 * sharing it saves an allocation per unset field per message. Frozen, and with no elements there
 * is nothing a holder could change.
 */
export const EMPTY_BYTES: Uint8Array = Object.freeze(new Uint8Array(0)) as Uint8Array;
