/**
 * What callers may pass where a message is expected: any subset of its fields. Requests and handler
 * results go through the codec's `create(init)`, so users never spell out default values.
 */
export type MessageInit<T> = Partial<T>;
