import { errorCodeName, Session, type WireError } from "@strand/wire";

/**
 * The server's wire sessions, found from outside `createServer()` (which keeps them private): the
 * prototype of `Session` is wrapped once in the server child so that a session registers itself
 * when it first receives bytes, and a session the server closes with an error of its own (the
 * GOAWAY it sends) is counted by code and reason. Test-process instrumentation only.
 */
export class SessionRegistry {
  private readonly open = new Set<Session>();
  /** GOAWAYs with an error code the server sent, by `CODE: reason`. */
  readonly goAwaysSent: Record<string, number> = {};

  /** Wraps `Session.prototype.receive` and `close`; call once per process. */
  install(): void {
    const registry = this;
    const proto = Session.prototype;
    const receive = proto.receive;
    const close = proto.close;
    proto.receive = function (this: Session, chunk: Uint8Array): void {
      registry.open.add(this);
      receive.call(this, chunk);
    };
    proto.close = function (this: Session, error?: WireError): void {
      if (error !== undefined && error.initiator === "local" && this.state !== "closed" && !this.channelGone) registry.countGoAway(error);
      registry.open.delete(this);
      close.call(this, error);
    };
  }

  /** Open sessions now (closed ones are dropped on the way). */
  sessions(): Session[] {
    const out: Session[] = [];
    for (const s of this.open) {
      if (s.state === "closed") this.open.delete(s);
      else out.push(s);
    }
    return out;
  }

  private countGoAway(error: WireError): void {
    const key = `${errorCodeName(error.code)}: ${error.reason}`;
    this.goAwaysSent[key] = (this.goAwaysSent[key] ?? 0) + 1;
  }
}
