/** Envoy's access-log command operators, compiled once. */
import assert from "node:assert/strict";
import { it } from "node:test";
import { DEFAULT_ACCESS_LOG_FORMAT } from "../../../src/dataplane/envoy/access-log.js";
import { type AccessRecord, compileFormat } from "../../../src/dataplane/proxy/access-log.js";

const record: AccessRecord = {
  startMs: Date.UTC(2026, 11, 4, 10, 0, 0, 123),
  method: "POST",
  path: "/1",
  originalPath: "/chapter/1",
  protocol: "HTTP/1.1",
  status: 503,
  flags: "UF,URX",
  details: "upstream_reset_before_response_started",
  bytesReceived: 5,
  bytesSent: 19,
  durationMs: 12.6,
  upstreamHost: "127.0.0.1:9000",
  requestHeader: (name) => ({ "user-agent": "curl/8", "x-request-id": "id-1", host: "svc" })[name],
  responseHeader: (name) => (name === "x-envoy-upstream-service-time" ? "3" : undefined),
};

it("writes Envoy's default format, with - for what is unset", () => {
  assert.equal(
    compileFormat(DEFAULT_ACCESS_LOG_FORMAT)(record),
    '[2026-12-04T10:00:00.123Z] "POST /chapter/1 HTTP/1.1" 503 UF,URX 5 19 13 3 "-" "curl/8" "id-1" "svc" "127.0.0.1:9000"\n',
  );
});

it("takes header alternatives, length limits and unknown operators as written", () => {
  assert.equal(
    compileFormat("%REQ(X-MISSING?USER-AGENT):4% %RESP(SERVER)% %NOT_AN_OPERATOR%")(record),
    "curl - %NOT_AN_OPERATOR%",
  );
});
