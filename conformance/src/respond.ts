/**
 * One conformance request answered: parse the payload as the named test message, serialize it in
 * the requested format. A parse that throws is a `parseError`, a serialization that throws a
 * `serializeError`; formats Strand does not implement (text format, JSPB) are `skipped`.
 */
import type { MessageType } from "strand/protobuf";
import { type ConformanceRequest, type ConformanceResponse, TestCategory, WireFormat } from "../gen/conformance/conformance.ts";
import { registry, testMessages } from "./test-messages.ts";

type Result = ConformanceResponse["result"];

export function respond(request: ConformanceRequest): Result {
  const type = testMessages.get(request.messageType);
  if (type === undefined) return { case: "runtimeError", value: `unknown message type ${request.messageType}` };
  let message: unknown;
  try {
    const parsed = parse(type, request);
    if (parsed === undefined) return { case: "skipped", value: `input format ${request.payload.case ?? "none"} is not supported` };
    message = parsed.message;
  } catch (error) {
    return { case: "parseError", value: describe(error) };
  }
  try {
    return serialize(type, message, request.requestedOutputFormat);
  } catch (error) {
    return { case: "serializeError", value: describe(error) };
  }
}

function parse(type: MessageType, request: ConformanceRequest): { message: unknown } | undefined {
  const payload = request.payload;
  switch (payload.case) {
    case "protobufPayload":
      return { message: type.decode(payload.value) };
    case "jsonPayload": {
      const ignoreUnknownFields = request.testCategory === TestCategory.JSON_IGNORE_UNKNOWN_PARSING_TEST;
      return { message: type.fromJsonString(payload.value, { registry, ignoreUnknownFields }) };
    }
    default:
      return undefined;
  }
}

function serialize(type: MessageType, message: unknown, format: WireFormat): Result {
  switch (format) {
    case WireFormat.PROTOBUF:
      return { case: "protobufPayload", value: type.encode(message) };
    case WireFormat.JSON:
      return { case: "jsonPayload", value: JSON.stringify(type.toJson(message, { registry })) };
    default:
      return { case: "skipped", value: `output format ${WireFormat[format] ?? format} is not supported` };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
