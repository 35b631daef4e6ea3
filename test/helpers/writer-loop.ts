/**
 * A writer for the durability test: creates virtual nodes one after another through main(), printing
 * each name once its command has returned, until it is killed.
 */
import { main } from "../../src/cli/main.js";

const [mesh, count] = [process.argv[2] ?? "m", Number(process.argv[3] ?? 1000)];
const io = {
  stdout: () => {},
  stderr: (text: string) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: () => false,
  columns: () => undefined,
};
for (let i = 0; i < count; i++) {
  const name = `node-${String(i).padStart(4, "0")}`;
  const code = await main(
    ["create-virtual-node", "--mesh-name", mesh, "--virtual-node-name", name, "--spec", "{}"],
    io,
  );
  if (code !== 0) process.exit(code);
  process.stdout.write(`${name}\n`);
}
