/**
 * The HTTP request a WebSocket connection was upgraded from: what a handler of a call that arrived
 * over WebSocket can still see of it (the URL, and the headers — cookies, Origin, an
 * Authorization set by a proxy). Copied at the upgrade, so holding it keeps no socket alive.
 */
export interface UpgradeRequest {
  /** The full request URL, e.g. `"wss://api.example.com/strand?tenant=7"`. */
  readonly url: string;
  readonly headers: Headers;
}
