/**
 * A CLI writer for the kill tests: through main(), one command after another, creates virtual node
 * `<prefix>-<i>` then updates the virtual node `counter` (each update adds one to its version),
 * printing `created <name>` and `updated` once each command has returned, until it is killed.
 */
import { main } from "../../src/cli/main.js";

const [mesh = "m", prefix = "w", count = "100"] = process.argv.slice(2);
const io = {
  stdout: () => {},
  stderr: (text: string) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: () => false,
  columns: () => undefined,
};
const run = async (args: string[]) => {
  const code = await main(args, io);
  if (code !== 0) process.exit(code);
};
for (let i = 0; i < Number(count); i++) {
  const name = `${prefix}-${i}`;
  await run(["create-virtual-node", "--mesh-name", mesh, "--virtual-node-name", name, "--spec", "{}"]);
  process.stdout.write(`created ${name}\n`);
  await run(["update-virtual-node", "--mesh-name", mesh, "--virtual-node-name", "counter", "--spec", "{}"]);
  process.stdout.write("updated\n");
}
