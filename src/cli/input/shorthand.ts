/**
 * The AWS CLI's shorthand syntax (`egressFilter={type=DROP_ALL}`, `key=a,value=b`), with the same
 * grammar and the same error text as awscli's ShorthandParser:
 *
 *   parameter = keyval *("," keyval)      keyval = key "=" [values]
 *   values    = csv-list / explicit-list / hash-literal
 *
 * Keys are letters, digits and `-_.#/:`; a key repeated at the top level is refused.
 * The result is untyped (strings, lists, objects); unpack.ts then coerces it with the model.
 */

import { setOwn } from "../../model/set-own.js";

export class ShorthandParseError extends Error {
  override readonly name: string = "ShorthandParseError";
}

/** The input with a caret under `index`, on the line below the one `index` is on (awscli's _error_location). */
function errorLocation(value: string, index: number): string {
  const chars = [...value];
  const consumedPart = chars.slice(0, index).join("");
  const spaces = consumedPart.includes("\n") ? index - [...consumedPart].lastIndexOf("\n") - 1 : index;
  const rest = chars.slice(index).join("");
  const newline = rest.indexOf("\n");
  const consumed = newline < 0 ? value : consumedPart + rest.slice(0, newline);
  const remaining = newline < 0 ? "" : rest.slice(newline);
  return `${consumed}\n${" ".repeat(spaces)}^${remaining}`;
}

export class ShorthandSyntaxError extends ShorthandParseError {
  override readonly name = "ShorthandSyntaxError";
  constructor(value: string, expected: string, actual: string, index: number) {
    super(`Expected: '${expected}', received: '${actual}' for input:\n${errorLocation(value, index)}`);
  }
}

/** `key=a,value=b,key=c`: the same key twice at the top level, most likely a "," where a space was meant. */
export class DuplicateKeyError extends ShorthandParseError {
  override readonly name = "DuplicateKeyError";
  constructor(key: string, value: string, index: number) {
    super(
      `Second instance of key "${key}" encountered for input:\n${errorLocation(value, index)}\n` +
        'This is often because there is a preceding "," instead of a space.',
    );
  }
}

export type ShorthandValue = string | ShorthandValue[] | { [key: string]: ShorthandValue };

const SINGLE_QUOTED = { name: "singled quoted", regex: /^'(?:\\\\|\\'|[^'])*'/u };
const DOUBLE_QUOTED = { name: "double quoted", regex: /^"(?:\\\\|\\"|[^"])*"/u };
const FIRST_VALUE = {
  name: "first",
  regex: /^(?:\\,|[!#-&(-+\--<>-Z\\-z|-\uFFFF])(?:\\,|[\s!#-&(-+\--\\^-|~-\uFFFF])*/u,
};
const SECOND_VALUE = {
  name: "second",
  regex: /^(?:\\,|[!#-&(-+\--<>-Z\\-z|-\uFFFF])(?:\\,|[\s!#-&(-+\--<>-\uFFFF])*/u,
};
const KEY_CHAR = /^[A-Za-z0-9\-_.#/:]$/;
const WHITESPACE = /^[ \t\n\r\v\f]$/;

interface NamedRegex {
  name: string;
  regex: RegExp;
}

export function parseShorthand(value: string): Record<string, ShorthandValue> {
  return new ShorthandParser(value).parameter();
}

class ShorthandParser {
  private readonly chars: string[];
  private index = 0;

  constructor(private readonly input: string) {
    this.chars = [...input];
  }

  parameter(): Record<string, ShorthandValue> {
    const params: Record<string, ShorthandValue> = {};
    const [first, value] = this.keyval();
    setOwn(params, first, value);
    let lastIndex = this.index;
    while (this.index < this.chars.length) {
      this.expect(",", true);
      const [key, value] = this.keyval();
      if (Object.hasOwn(params, key)) throw new DuplicateKeyError(key, this.input, lastIndex + 1);
      setOwn(params, key, value);
      lastIndex = this.index;
    }
    return params;
  }

  private keyval(): [string, ShorthandValue] {
    const key = this.key();
    this.expect("=", true);
    return [key, this.values()];
  }

  private key(): string {
    const start = this.index;
    while (!this.atEof() && KEY_CHAR.test(this.current() ?? "")) this.index++;
    return this.chars.slice(start, this.index).join("");
  }

  private values(): ShorthandValue {
    if (this.atEof()) return "";
    if (this.current() === "[") return this.explicitList();
    if (this.current() === "{") return this.hashLiteral();
    return this.csvValue();
  }

  private csvValue(): ShorthandValue {
    const first = this.firstValue();
    this.consumeWhitespace();
    if (this.atEof() || this.current() !== ",") return first;
    this.expect(",", true);
    const list: ShorthandValue[] = [first];
    for (;;) {
      try {
        const current = this.secondValue();
        this.consumeWhitespace();
        if (this.atEof()) {
          list.push(current);
          break;
        }
        this.expect(",", true);
        list.push(current);
      } catch (error) {
        if (!(error instanceof ShorthandSyntaxError) || this.atEof()) throw error;
        // `foo=a,b,c=d`: "c" was the next key, not a list item; back up to the comma before it.
        this.backtrackTo(",");
        break;
      }
    }
    return list.length === 1 ? first : list;
  }

  private explicitList(): ShorthandValue[] {
    this.expect("[", true);
    const values: ShorthandValue[] = [];
    while (this.current() !== "]") {
      values.push(this.explicitValues());
      this.consumeWhitespace();
      if (this.current() !== "]") {
        this.expect(",");
        this.consumeWhitespace();
      }
    }
    this.expect("]");
    return values;
  }

  private explicitValues(): ShorthandValue {
    if (this.current() === "[") return this.explicitList();
    if (this.current() === "{") return this.hashLiteral();
    return this.firstValue();
  }

  private hashLiteral(): Record<string, ShorthandValue> {
    this.expect("{", true);
    const keyvals: Record<string, ShorthandValue> = {};
    while (this.current() !== "}") {
      const key = this.key();
      this.expect("=", true);
      const value = this.explicitValues();
      this.consumeWhitespace();
      if (this.current() !== "}") {
        this.expect(",");
        this.consumeWhitespace();
      }
      setOwn(keyvals, key, value);
    }
    this.expect("}");
    return keyvals;
  }

  private firstValue(): string {
    if (this.current() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.current() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    const match = FIRST_VALUE.regex.exec(this.rest());
    if (!match) return "";
    this.index += [...match[0]].length;
    return pythonRstrip(match[0].replaceAll("\\,", ","));
  }

  private secondValue(): string {
    if (this.current() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.current() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    return pythonRstrip(this.mustConsume(SECOND_VALUE).replaceAll("\\,", ","));
  }

  private quoted(regex: NamedRegex, quote: string): string {
    return this.mustConsume(regex).slice(1, -1).replaceAll(`\\${quote}`, quote).replaceAll("\\\\", "\\");
  }

  private expect(char: string, consumeWhitespace = false): void {
    if (consumeWhitespace) this.consumeWhitespace();
    if (this.atEof()) throw new ShorthandSyntaxError(this.input, char, "EOF", this.index);
    const actual = this.current() ?? "";
    if (actual !== char) throw new ShorthandSyntaxError(this.input, char, actual, this.index);
    this.index++;
    if (consumeWhitespace) this.consumeWhitespace();
  }

  private mustConsume(regex: NamedRegex): string {
    const match = regex.regex.exec(this.rest());
    if (!match) throw new ShorthandSyntaxError(this.input, `<${regex.name}>`, "<none>", this.index);
    this.index += [...match[0]].length;
    return match[0];
  }

  private rest(): string {
    return this.chars.slice(this.index).join("");
  }

  private current(): string | undefined {
    return this.chars[this.index];
  }

  private atEof(): boolean {
    return this.index >= this.chars.length;
  }

  private backtrackTo(char: string): void {
    while (this.index >= 0 && this.chars[this.index] !== char) this.index--;
  }

  private consumeWhitespace(): void {
    while (!this.atEof() && WHITESPACE.test(this.current() ?? "")) this.index++;
  }
}

/** Python's `str.rstrip()`: trailing whitespace off. */
function pythonRstrip(text: string): string {
  return text.replace(/\s+$/u, "");
}
