/**
 * Envoy's access log: format strings with command operators (%START_TIME%, %REQ(X?Y):N%,
 * %RESPONSE_FLAGS%…), compiled once, in text or JSON form, written to the file a node's
 * `logging.accessLog.file.path` names (dataplane.md §19). Unset values print `-`.
 */
import type { AccessLog } from "../envoy/access-log.js";
import { DEFAULT_ACCESS_LOG_FORMAT } from "../envoy/access-log.js";

export interface AccessRecord {
  startMs: number;
  method: string;
  path: string;
  /** The path before a rewrite (X-ENVOY-ORIGINAL-PATH). */
  originalPath?: string;
  protocol: string;
  status: number;
  flags: string;
  details: string;
  bytesReceived: number;
  bytesSent: number;
  durationMs: number;
  upstreamHost?: string;
  upstreamCluster?: string;
  routeName?: string;
  localReplyBody?: string;
  decidedBy?: string;
  downstreamRemote?: string;
  requestHeader(name: string): string | undefined;
  responseHeader(name: string): string | undefined;
}

type Part = (record: AccessRecord) => string | undefined;

const DASH = "-";

function truncate(value: string | undefined, max: number | undefined): string | undefined {
  return value === undefined || max === undefined ? value : value.slice(0, max);
}

function headerOperator(kind: "REQ" | "RESP", spec: string, max: number | undefined): Part {
  const [main, alternative] = spec.toLowerCase().split("?") as [string, string | undefined];
  const read = (record: AccessRecord, name: string) => {
    if (kind === "RESP") return record.responseHeader(name);
    switch (name) {
      case ":method":
        return record.method;
      case ":path":
        return record.path;
      case ":authority":
        return record.requestHeader("host") ?? record.requestHeader(":authority");
      case "x-envoy-original-path":
        // This hop's rewrite, else the one an earlier hop made (a gateway's, seen again at its egress).
        return record.originalPath ?? record.requestHeader(name);
      default:
        return record.requestHeader(name);
    }
  };
  return (record) => truncate(read(record, main) ?? (alternative ? read(record, alternative) : undefined), max);
}

const OPERATORS: Record<string, Part> = {
  START_TIME: (r) => new Date(r.startMs).toISOString(),
  PROTOCOL: (r) => r.protocol,
  RESPONSE_CODE: (r) => String(r.status),
  RESPONSE_FLAGS: (r) => r.flags || DASH,
  RESPONSE_CODE_DETAILS: (r) => r.details,
  BYTES_RECEIVED: (r) => String(r.bytesReceived),
  BYTES_SENT: (r) => String(r.bytesSent),
  DURATION: (r) => String(Math.round(r.durationMs)),
  UPSTREAM_HOST: (r) => r.upstreamHost,
  UPSTREAM_CLUSTER: (r) => r.upstreamCluster,
  ROUTE_NAME: (r) => r.routeName,
  LOCAL_REPLY_BODY: (r) => r.localReplyBody,
  DOWNSTREAM_REMOTE_ADDRESS: (r) => r.downstreamRemote,
  MESH_DECIDED_BY: (r) => r.decidedBy,
};

/** A format string as a function of a record. Unknown operators are kept as written. */
export function compileFormat(format: string): (record: AccessRecord) => string {
  const parts: (string | Part)[] = [];
  const pattern = /%([A-Z_]+)(?:\(([^)]*)\))?(?::(\d+))?%/g;
  let last = 0;
  for (const match of format.matchAll(pattern)) {
    const [text, name, argument, max] = match as unknown as [string, string, string | undefined, string | undefined];
    parts.push(format.slice(last, match.index));
    last = (match.index ?? 0) + text.length;
    const limit = max === undefined ? undefined : Number(max);
    if ((name === "REQ" || name === "RESP") && argument !== undefined)
      parts.push(headerOperator(name, argument, limit));
    else {
      const operator = OPERATORS[name];
      parts.push(operator ? (r) => truncate(operator(r), limit) : text);
    }
  }
  parts.push(format.slice(last));
  return (record) => {
    let line = "";
    for (const part of parts) line += typeof part === "string" ? part : (part(record) ?? DASH);
    return line;
  };
}

/** Where lines go: a file path (`/dev/stdout` included), resolved by whoever runs the proxy. */
export type LogSink = (path: string, line: string) => void;

export class AccessLogger {
  private readonly format: (record: AccessRecord) => string;

  constructor(
    private readonly config: AccessLog,
    private readonly sink: LogSink,
  ) {
    const logFormat = config.typed_config.log_format;
    if (logFormat?.json_format) {
      const fields = Object.entries(logFormat.json_format).map(([key, value]) => [key, compileFormat(value)] as const);
      this.format = (record) => `${JSON.stringify(Object.fromEntries(fields.map(([key, f]) => [key, f(record)])))}\n`;
    } else {
      // As in Envoy, a text format gets no newline it does not end with itself; JSON lines do.
      this.format = compileFormat(logFormat?.text_format_source?.inline_string ?? DEFAULT_ACCESS_LOG_FORMAT);
    }
  }

  log(record: AccessRecord): void {
    this.sink(this.config.typed_config.path, this.format(record));
  }
}
