/**
 * JSON parsing that fails the way Python's `json.loads` does, because the AWS CLI quotes Python's
 * message (`Expecting value: line 1 column 17 (char 16)`) when a parameter holds broken JSON.
 * Valid documents go through JSON.parse; the scanner below only runs to explain a failure (and to
 * accept the NaN / Infinity literals Python allows).
 */

import { setOwn } from "../../model/set-own.js";

export class PythonJsonError extends Error {
  override readonly name = "PythonJsonError";
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return new Scanner(text).document();
  }
}

class Scanner {
  private readonly chars: string[];
  private pos = 0;

  constructor(text: string) {
    this.chars = [...text];
  }

  document(): unknown {
    this.skipWhitespace();
    const value = this.value();
    this.skipWhitespace();
    if (this.pos !== this.chars.length) this.fail("Extra data", this.pos);
    return value;
  }

  private fail(message: string, at: number): never {
    const before = this.chars.slice(0, at).join("");
    const line = before.split("\n").length;
    const lastNewline = before.lastIndexOf("\n");
    const column = lastNewline === -1 ? at + 1 : [...before.slice(lastNewline)].length;
    throw new PythonJsonError(`${message}: line ${line} column ${column} (char ${at})`);
  }

  private skipWhitespace(): void {
    while (this.pos < this.chars.length && WHITESPACE.has(this.chars[this.pos] ?? "")) this.pos++;
  }

  private startsWith(word: string): boolean {
    return this.chars.slice(this.pos, this.pos + word.length).join("") === word;
  }

  private value(): unknown {
    const ch = this.chars[this.pos];
    if (ch === '"') return this.string();
    if (ch === "{") return this.object();
    if (ch === "[") return this.array();
    for (const [word, value] of [
      ["null", null],
      ["true", true],
      ["false", false],
      ["NaN", Number.NaN],
      ["Infinity", Number.POSITIVE_INFINITY],
      ["-Infinity", Number.NEGATIVE_INFINITY],
    ] as const) {
      if (this.startsWith(word)) {
        this.pos += word.length;
        return value;
      }
    }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(
      this.chars.slice(this.pos, this.pos + 400).join(""),
    );
    if (number) {
      this.pos += number[0].length;
      return Number(number[0]);
    }
    return this.fail("Expecting value", this.pos);
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    let out = "";
    for (;;) {
      const ch = this.chars[this.pos];
      if (ch === undefined) this.fail("Unterminated string starting at", start);
      if (ch === '"') {
        this.pos++;
        return out;
      }
      if (ch === "\\") {
        const esc = this.chars[this.pos + 1];
        if (esc === undefined) this.fail("Unterminated string starting at", start);
        const simple: Record<string, string> = {
          '"': '"',
          "\\": "\\",
          "/": "/",
          b: "\b",
          f: "\f",
          n: "\n",
          r: "\r",
          t: "\t",
        };
        if (esc in simple) {
          out += simple[esc];
          this.pos += 2;
          continue;
        }
        if (esc === "u") {
          const hex = this.chars.slice(this.pos + 2, this.pos + 6).join("");
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("Invalid \\uXXXX escape", this.pos + 1);
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.pos += 6;
          continue;
        }
        this.fail("Invalid \\escape", this.pos);
      }
      if (ch.charCodeAt(0) < 0x20) this.fail("Invalid control character at", this.pos);
      out += ch;
      this.pos++;
    }
  }

  private object(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    this.skipWhitespace();
    if (this.chars[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.chars[this.pos] !== '"') this.fail("Expecting property name enclosed in double quotes", this.pos);
      const key = this.string();
      this.skipWhitespace();
      if (this.chars[this.pos] !== ":") this.fail("Expecting ':' delimiter", this.pos);
      this.pos++;
      this.skipWhitespace();
      setOwn(out, key, this.value());
      this.skipWhitespace();
      const next = this.chars[this.pos];
      if (next === "}") {
        this.pos++;
        return out;
      }
      if (next !== ",") this.fail("Expecting ',' delimiter", this.pos);
      this.pos++;
      this.skipWhitespace();
    }
  }

  private array(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.skipWhitespace();
    if (this.chars[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipWhitespace();
      const next = this.chars[this.pos];
      if (next === "]") {
        this.pos++;
        return out;
      }
      if (next !== ",") this.fail("Expecting ',' delimiter", this.pos);
      this.pos++;
      this.skipWhitespace();
    }
  }
}
