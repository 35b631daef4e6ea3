/**
 * A ServiceError is recognised by `instanceof` whichever bundle made it (the CLI's and the migration
 * bundle each hold a copy of the class), while subclasses keep the usual check.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { CloudMapError } from "../../src/emulator/servicediscovery/errors.js";
import { ServiceError } from "../../src/model/service-error.js";

it("is recognised across copies of the class, by its brand", () => {
  const fromAnotherBundle = { [Symbol.for("mesh.ServiceError")]: true, code: "NotFoundException" };
  assert.ok(fromAnotherBundle instanceof ServiceError);
  assert.ok(new ServiceError("NotFoundException", "gone", 404) instanceof ServiceError);
  assert.ok(!(new Error("plain") instanceof ServiceError));
});

it("leaves subclasses their own check", () => {
  assert.ok(!(new ServiceError("NotFoundException", "gone", 404) instanceof CloudMapError));
});
