/** Whether to colour output: `--color on|off`, else on a terminal unless NO_COLOR is set (https://no-color.org). */
import type { Io } from "../io.js";

export function wantsColour(color: string | undefined, io: Pick<Io, "isTTY" | "env">): boolean {
  if (color === "on" || color === "off") return color === "on";
  return io.isTTY() && !io.env.NO_COLOR;
}
