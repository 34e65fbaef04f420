/**
 * The overlay step of generated `create(init)`: copies the defined entries of `init` onto a
 * message already holding every default, so `create({ name: "x" })` keeps the other defaults and
 * an explicit `undefined` in `init` never erases one.
 */

/** Copies each own enumerable entry of `init` whose value is not `undefined` onto `message`. */
export function initMessage<T extends object>(message: T, init: Partial<T> | undefined): T {
  if (init === undefined || init === null) return message;
  const target = message as Record<string, unknown>;
  const source = init as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value !== undefined) target[key] = value;
  }
  return message;
}
