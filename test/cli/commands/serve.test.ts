/** `mesh serve`'s own decisions, apart from the server. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exposureWarning } from "../../../src/cli/commands/serve.js";

describe("mesh serve", () => {
  it("warns when it listens beyond loopback without --verify-sigv4: the API is open to the network", () => {
    assert.equal(
      exposureWarning("0.0.0.0", false),
      "mesh serve: warning: listening on 0.0.0.0 without --verify-sigv4: anyone who can reach it can read and change the state",
    );
    assert.match(exposureWarning("10.1.2.3", false) ?? "", /listening on 10\.1\.2\.3 without --verify-sigv4/);
    assert.match(exposureWarning("::", false) ?? "", /listening on :: without/);
  });

  it("stays quiet on loopback, or when every request must be signed", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
      assert.equal(exposureWarning(host, false), undefined);
    assert.equal(exposureWarning("0.0.0.0", true), undefined);
  });
});
