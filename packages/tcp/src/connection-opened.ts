import type { Session } from "@strand/wire";

/**
 * When each accepted connection opened (ms since the epoch), for admin pages. A WeakMap written
 * once per connection at accept, so sessions carry no extra field and nothing is paid per call
 * or per frame; entries go with their sessions.
 */
const openedAt = new WeakMap<Session, number>();

/** Records that `session` was accepted now. */
export function markOpened(session: Session): void {
  openedAt.set(session, Date.now());
}

/** When `session` was accepted, or `undefined` for one this module never saw (a dialled one). */
export function sessionOpenedAt(session: Session): number | undefined {
  return openedAt.get(session);
}
