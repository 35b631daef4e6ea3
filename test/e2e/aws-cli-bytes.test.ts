/**
 * mesh against the AWS CLI's own bytes: every case in test/fixtures/aws-cli/ was run with AWS CLI v2
 * (record-aws-cli.ts); bin/mesh.js, run through the same case (same command line, environment, config
 * files, terminal or not, and the same stub service), exits with the same code, prints the same bytes
 * and sends the same requests. The cases' names say which habit each one pins: shorthand keys,
 * Cloud Map's output order, the credentials' order, error bodies and --query errors, timestamps, the pager.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { caseNames, loadCase, runCase } from "../helpers/aws-cli-cases.js";
import { MESH_BIN } from "../helpers/run-mesh.js";

describe("mesh prints what the AWS CLI prints", () => {
  for (const name of caseNames()) {
    const spec = loadCase(name);
    it(`${name}: ${spec.spec}`, async () => {
      assert.ok(spec.aws, `${name} has no recording: run record-aws-cli`);
      const mesh = await runCase(spec, [process.execPath, MESH_BIN]);
      assert.deepEqual(
        { code: mesh.code, stdout: mesh.stdout, stderr: mesh.stderr },
        { code: spec.aws.code, stdout: spec.aws.stdout, stderr: spec.aws.stderr },
      );
      assert.deepEqual(mesh.requests, spec.aws.requests);
    });
  }
});
