/** A service's error answer, read as botocore reads it, whatever the body holds. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorFromResponse } from "../../../src/backend/aws/error-response.js";

const raw = (status: number, body: string, headers: Record<string, string> = {}) => ({ status, headers, body });

describe("error responses", () => {
  it("a body that is not JSON is the message, the status the code", () => {
    assert.deepEqual(errorFromResponse(raw(418, "I am a teapot"), "rest-json"), {
      code: "418",
      message: "I am a teapot",
    });
  });

  it("a 5xx with an HTML or empty body is the status and its reason phrase", () => {
    assert.deepEqual(errorFromResponse(raw(503, "<html><body>down</body></html>"), "rest-json"), {
      code: "503",
      message: "Service Unavailable",
    });
    assert.deepEqual(errorFromResponse(raw(502, ""), "json"), { code: "502", message: "Bad Gateway" });
  });

  it("rest-json: x-amzn-ErrorType up to its colon, else the body's code, else __type", () => {
    const body = JSON.stringify({ code: "FromBody", __type: "x#FromType", message: "m" });
    assert.equal(
      errorFromResponse(raw(400, body, { "X-Amzn-ErrorType": "FromHeader:http://x" }), "rest-json").code,
      "FromHeader",
    );
    assert.equal(errorFromResponse(raw(400, body), "rest-json").code, "FromBody");
    assert.equal(errorFromResponse(raw(400, JSON.stringify({ __type: "x#FromType" })), "rest-json").code, "FromType");
  });

  it("json (Cloud Map): __type after its #, Message or message", () => {
    assert.deepEqual(
      errorFromResponse(raw(400, JSON.stringify({ __type: "com.amazon#ServiceNotFound", Message: "gone" })), "json"),
      {
        code: "ServiceNotFound",
        message: "gone",
      },
    );
    assert.deepEqual(errorFromResponse(raw(400, JSON.stringify({ message: "no code" })), "json"), {
      code: "400",
      message: "no code",
    });
  });
});
