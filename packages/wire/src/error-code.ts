/**
 * The closed set of protocol error codes carried by RST_STREAM and GOAWAY (PROTOCOL.md §8).
 * Values 0–11 match HTTP/2's so that tooling and intuition carry over.
 */
export enum ErrorCode {
  NoError = 0,
  ProtocolError = 1,
  InternalError = 2,
  FlowControlError = 3,
  SettingsTimeout = 4,
  StreamClosed = 5,
  FrameSizeError = 6,
  /** The stream was not processed at all: safe to retry elsewhere. */
  RefusedStream = 7,
  Cancel = 8,
  MessageTooLarge = 9,
  HeadersTooLarge = 10,
  /** The peer generates load we refuse to serve (ping flood, reset flood, control-frame flood). */
  EnhanceYourCalm = 11,
  BadPreface = 12,
  UnsupportedVersion = 13,
  KeepaliveTimeout = 14,
  /** Never sent: the byte channel closed without a GOAWAY. */
  ConnectionLost = 15,
  /**
   * RST_STREAM only: the stream's deadline passed (a client cancelling an expired call), so the
   * peer can tell an expiry from a plain CANCEL even when its own deadline timer has not fired yet.
   */
  DeadlineExceeded = 16,
  /**
   * RST_STREAM only: a message came compressed with an algorithm the receiver did not advertise in
   * ACCEPT_COMPRESSION (gRPC answers an unsupported `grpc-encoding` with UNIMPLEMENTED).
   */
  UnsupportedCompression = 17,
}

/** Codes a receiver does not know are treated as {@link ErrorCode.InternalError}. */
export function errorCodeFrom(value: number): ErrorCode {
  return value >= 0 && value <= ErrorCode.UnsupportedCompression ? (value as ErrorCode) : ErrorCode.InternalError;
}

/** The names by code, worked out once: every WireError's message starts with one (a connection's close makes two). */
const names: string[] = [];

/** SCREAMING_SNAKE name as written in PROTOCOL.md, for messages and logs. */
export function errorCodeName(code: ErrorCode): string {
  return (names[code] ??= ErrorCode[code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase());
}
