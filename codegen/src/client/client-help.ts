/**
 * `--help` of `strand call`, `list` and `describe`: the shared connection options are written once.
 */

const CONNECTION_OPTIONS = `  --tls                   connect with TLS (system CAs unless --cacert)
  --cacert FILE           CA certificates (PEM) the server's certificate must chain to
  --cert FILE --key FILE  a client certificate and its key (mTLS)
  --server-name NAME      the name the server's certificate must carry (default: TARGET's host)
  --insecure              TLS without verifying the server's certificate
  --connect-timeout DUR   how long connecting may take
  -H 'name: value'        request metadata; repeatable (names ending in -bin take base64)
  --proto FILE            read the schema from this .proto file (repeatable) instead of
                          asking the server by reflection; FILE may be relative to an -I DIR
  -I, --proto_path DIR    import directory for --proto (alone: every .proto file under DIR)
  -h, --help              this text

TARGET is host:port, [ipv6]:port or unix:/path. Options may come before or after the arguments.`;

const EXIT_STATUS = `Exit status: 0 ok; 1 bad arguments or input (or a symbol not found); 2 the server could not
be reached; 64 + the status code when an RPC failed (e.g. 69 NOT_FOUND, 78 UNAVAILABLE).`;

/** `strand call --help`. */
export const CALL_HELP = `strand call — call a method of a running Strand server, JSON in and out

Usage:
  strand call TARGET pkg.Service/Method [JSON] [options]

The request is proto3 JSON: the JSON argument, -d TEXT, -d @FILE or -d @- (stdin); {} when
none is given. Client-streaming and bidi methods read newline-delimited JSON (one message per
line) from stdin unless -d gives it, sending each line as it arrives. Responses print as JSON:
indented and coloured on a terminal with a status footer on stderr; into a pipe, one message
per line. Errors print the status code name and message (and details) on stderr.

Options:
  -d, --data TEXT|@FILE|@-  the request(s)
  --timeout DURATION      the call's deadline; 500ms, 2s, 1m (default: none)
${CONNECTION_OPTIONS}

${EXIT_STATUS}
`;

/** `strand list --help`. */
export const LIST_HELP = `strand list — list the services of a running Strand server, or the methods of one

Usage:
  strand list TARGET [SERVICE] [options]

Uses server reflection (createServer({ reflection: true })) unless --proto or -I is given.

Options:
  --timeout DURATION      deadline of the reflection calls
${CONNECTION_OPTIONS}

${EXIT_STATUS}
`;

/** `strand describe --help`. */
export const DESCRIBE_HELP = `strand describe — show a service, method, message or enum as .proto text

Usage:
  strand describe TARGET [SYMBOL] [options]

SYMBOL is fully qualified: acme.shop.v1.Catalog, acme.shop.v1.Catalog.GetItem (or
Catalog/GetItem), acme.shop.v1.Item. Without SYMBOL: every service of the server. Uses server
reflection unless --proto or -I is given.

Options:
  --timeout DURATION      deadline of the reflection calls
${CONNECTION_OPTIONS}

${EXIT_STATUS}
`;
