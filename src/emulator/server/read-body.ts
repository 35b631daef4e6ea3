/**
 * Reads a request body up to a size limit. A body over the limit is refused as soon as its size is
 * known (from Content-Length, else from counting), never held in memory whole. A client that goes away
 * mid-body is no error of the server's: it is told apart (RequestAbortedError), with nobody to answer.
 */
import type { IncomingMessage } from "node:http";
import { WireInputError } from "./protocol.js";

export class RequestAbortedError extends Error {
  override readonly name = "RequestAbortedError";
}

export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      discardBody(request, limit);
      reject(new WireInputError(`The request body exceeds the limit of ${limit} bytes`));
    };
    if (Number(request.headers["content-length"] ?? 0) > limit) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      request.off("data", onData);
      chunks.length = 0;
      tooLarge();
    };
    request.on("data", onData);
    request.once("end", () => resolve(Buffer.concat(chunks, size)));
    request.once("error", () => reject(new RequestAbortedError("the client closed the connection mid-request")));
  });
}

/**
 * Drops the rest of a body that will not be read, so the client can finish sending and read the
 * answer (closing at once makes it fail writing instead). A client that sends `allowance` more bytes
 * is cut off.
 */
export function discardBody(request: IncomingMessage, allowance: number): void {
  let dropped = 0;
  request.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > allowance) request.destroy();
  });
}
