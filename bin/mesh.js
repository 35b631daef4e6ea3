#!/usr/bin/env node
// The `mesh` command: run main() and hand its exit code to the shell. Ctrl-C exits 130, as the AWS CLI does.
// A CommonJS file (see bin/package.json): an ES module entry point costs several milliseconds of start-up.
const { writeSync } = require("node:fs");
const { interrupted, main } = require("../dist/bundle/mesh.cjs");

/** Plain synchronous writes: process.stdout's stream machinery costs more start-up time than a mesh call. */
function writeAll(fd, text) {
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if (error.code !== "EAGAIN") throw error;
    }
  }
}

const io = {
  stdout: (text) => writeAll(1, text),
  stderr: (text) => writeAll(2, text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: () => require("node:tty").isatty(1),
  columns: () => process.stdout.columns,
};

process.on("SIGINT", () => {
  process.exitCode = interrupted(io);
  process.exit();
});

main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
