/**
 * `--debug` lines in the AWS CLI's logging format (`2026-01-01 12:00:00,123 - MainThread - <logger> -
 * DEBUG - <message>`), with Python's renderings of what botocore logs, and secrets masked: the
 * signature, session tokens and secret keys never reach the log.
 */
export type DebugSink = (logger: string, message: string) => void;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** A sink writing lines to `write`, stamped with the local time as Python's logging stamps them. */
export function debugSink(write: (text: string) => void, now: () => Date = () => new Date()): DebugSink {
  return (logger, message) => {
    const t = now();
    const stamp =
      `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ` +
      `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())},${pad(t.getMilliseconds(), 3)}`;
    write(`${stamp} - MainThread - ${logger} - DEBUG - ${message}\n`);
  };
}

const SECRET_HEADERS = new Set(["x-amz-security-token", "x-amz-secret-access-key"]);

/** A header value fit for a log: the Authorization signature and tokens replaced by asterisks. */
export function maskHeader(name: string, value: string): string {
  if (name.toLowerCase() === "authorization") return value.replace(/Signature=[0-9a-f]+/i, "Signature=****");
  return SECRET_HEADERS.has(name.toLowerCase()) ? "****" : value;
}

/** Python's repr of a str. */
export function pythonStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === "\\" || char === quote) out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += char;
  }
  return out + quote;
}

/** Python's repr of bytes (`b'...'`): printable ASCII as is, everything else escaped. */
export function pythonBytesRepr(bytes: Uint8Array): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let out = `b${quote}`;
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if (char === "\\" || char === quote) out += `\\${char}`;
    else if (byte === 0x0a) out += "\\n";
    else if (byte === 0x0d) out += "\\r";
    else if (byte === 0x09) out += "\\t";
    else if (byte < 0x20 || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, "0")}`;
    else out += char;
  }
  return out + quote;
}

/** Python's repr of a dict of headers, values as bytes (`b'...'`) or str as botocore logs them. */
export function headersRepr(headers: Record<string, string>, asBytes: boolean): string {
  const entries = Object.entries(headers).map(([name, value]) => {
    const shown = maskHeader(name, value);
    return `${pythonStrRepr(name)}: ${asBytes ? pythonBytesRepr(Buffer.from(shown)) : pythonStrRepr(shown)}`;
  });
  return `{${entries.join(", ")}}`;
}
