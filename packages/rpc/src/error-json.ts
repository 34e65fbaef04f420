/**
 * The JSON form of an `RpcError`: the proto3 JSON of the `google.rpc.Status` it stands for, so logs,
 * CLIs and HTTP gateways show what gRPC tools show, and `Status.fromJson` (with a registry) reads it.
 */
import { toBase64 } from "./base64.ts";
import { packedType, type DetailType, type ErrorDetail } from "./error-detail.ts";

/** One detail as proto3 JSON of a `google.protobuf.Any`: the message's fields beside `"@type"`. */
export interface DetailJson {
  /** `type.googleapis.com/<full.type.Name>`. */
  readonly "@type": string;
  /** Fields of the message (known type), its JSON when that is not an object, or base64 bytes (unknown type). */
  readonly [field: string]: unknown;
}

/** `RpcError#toJSON()`: the proto3 JSON of a `google.rpc.Status`. */
export interface RpcErrorJson {
  /** The numeric code (`Code`), as `google.rpc.Status.code`. */
  readonly code: number;
  readonly message: string;
  /** Absent when the error has none, as proto3 JSON omits empty lists. */
  readonly details?: readonly DetailJson[];
}

/**
 * Where `RpcError#toJSON` looks up detail types it was not told about — `createRegistry(...types)`
 * of `strand/protobuf` fits.
 */
export interface DetailRegistry {
  /** The type named `typeName`, or `undefined`. */
  find(typeName: string): Pick<DetailType<unknown>, "decode" | "toJson"> | undefined;
}

/** The type-URL prefix gRPC and protobuf use for `Any`. */
const TYPE_URL_PREFIX = "type.googleapis.com/";

/**
 * The JSON of `details`, each typed by `registry`, then by `known` (types the error was asked for
 * with `findDetails`), then by the type it was packed with; otherwise `{ "@type", value: base64 }`.
 * Never throws: a detail whose type fails to decode or convert it is shown as bytes.
 */
export function detailsJson(
  details: readonly ErrorDetail[],
  known: ReadonlyMap<string, DetailType<unknown>> | undefined,
  registry: DetailRegistry | undefined,
): DetailJson[] {
  return details.map((detail) => {
    const slash = detail.type.lastIndexOf("/");
    const name = detail.type.slice(slash + 1);
    const typeUrl = slash < 0 ? `${TYPE_URL_PREFIX}${name}` : detail.type;
    const type = findType(registry, name) ?? known?.get(name) ?? packedType(detail);
    if (type?.toJson !== undefined) {
      try {
        const json = type.toJson(type.decode(detail.value));
        if (typeof json === "object" && json !== null && !Array.isArray(json)) return { "@type": typeUrl, ...json };
        return { "@type": typeUrl, value: json };
      } catch {
        // Shown as bytes below: the JSON of an error must not fail over one bad detail.
      }
    }
    return { "@type": typeUrl, value: toBase64(detail.value) };
  });
}

function findType(registry: DetailRegistry | undefined, name: string): Pick<DetailType<unknown>, "decode" | "toJson"> | undefined {
  try {
    return registry?.find(name);
  } catch {
    return undefined;
  }
}
