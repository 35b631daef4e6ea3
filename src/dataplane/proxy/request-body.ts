/**
 * A downstream request's body, for however many upstream attempts it takes. A small HTTP/1 body of
 * known length is read whole first and sent as one buffer; any other body (chunked, large, HTTP/2,
 * gRPC streams) streams to the first attempt at once while up to 1 MiB of it is kept (Envoy's buffer
 * limit), so that a retry can send it again: what was kept, then the rest as it arrives.
 */
import { Readable } from "node:stream";
import type { DownstreamRequest } from "./downstream.js";

/** Envoy's default per-request buffer limit: larger bodies stream once and are not retried. */
export const BUFFER_LIMIT = 1024 * 1024;

export interface RequestBody {
  /** The body for one more attempt. */
  forAttempt(): Buffer | Readable;
  /** Whether another attempt could still send all of it. */
  readonly replayable: boolean;
}

/** What becomes of a request whose body is read whole before any attempt. */
export interface BodyWait {
  ready(body: RequestBody | null): void;
  /** The downstream left before the body was whole. */
  gone(): void;
  /** The stream idle timeout (ms; 0: none), and what happens when no byte came for that long: asked only for such a body. */
  idle(): { ms: number; expired(): void };
}

/**
 * Calls `ready` with the request's body (null when it has none) once attempts may start; a body read
 * whole first is watched by the stream idle timeout (the attempts' own watch starts after it).
 */
export function requestBody(req: DownstreamRequest, wait: BodyWait): void {
  const { ready } = wait;
  const length = req.headers["content-length"];
  if (length === "0" || (length === undefined && !streamOpen(req))) ready(null);
  else if (length !== undefined && Number(length) <= BUFFER_LIMIT && req.httpVersion !== "2.0") {
    const chunks: Buffer[] = [];
    const idle = wait.idle();
    const timer = idle.ms > 0 ? setTimeout(idle.expired, idle.ms) : undefined;
    req.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      timer?.refresh();
    });
    req.on("end", () => {
      clearTimeout(timer);
      const whole = Buffer.concat(chunks);
      ready({ forAttempt: () => whole, replayable: true });
    });
    req.on("close", () => {
      clearTimeout(timer);
      if (!req.complete) wait.gone();
    });
  } else ready(new StreamedBody(req));
}

/** HTTP/1: a length or chunked encoding says there is a body; HTTP/2: the stream is still open. */
function streamOpen(req: DownstreamRequest): boolean {
  if (req.httpVersion === "2.0") {
    return !req.readableEnded && !(req as { stream?: { endAfterHeaders?: boolean } }).stream?.endAfterHeaders;
  }
  return req.headers["transfer-encoding"] !== undefined;
}

class StreamedBody implements RequestBody {
  private kept: Buffer[] = [];
  private size = 0;
  private overflowed = false;
  private ended = false;
  private live: Readable | undefined;

  constructor(private readonly req: DownstreamRequest) {
    req.on("data", (chunk: Buffer) => {
      if (!this.overflowed) {
        this.kept.push(chunk);
        this.size += chunk.length;
        if (this.size > BUFFER_LIMIT) {
          this.overflowed = true;
          this.kept = [];
        }
      }
      if (this.live && !this.live.push(chunk)) req.pause();
    });
    req.on("end", () => {
      this.ended = true;
      this.live?.push(null);
    });
  }

  get replayable(): boolean {
    return !this.overflowed;
  }

  forAttempt(): Readable {
    const stream = new Readable({ read: () => this.req.resume() });
    for (const chunk of this.kept) stream.push(chunk);
    if (this.ended) stream.push(null);
    this.live?.destroy();
    this.live = stream;
    return stream;
  }
}
