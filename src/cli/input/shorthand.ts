/**
 * The AWS CLI's shorthand syntax (`egressFilter={type=DROP_ALL}`, `key=a,value=b`), with the same
 * grammar and the same error text as awscli's ShorthandParser:
 *
 *   parameter = keyval *("," keyval)      keyval = key "=" [values]
 *   values    = csv-list / explicit-list / hash-literal
 *
 * The result is untyped (strings, lists, objects); unpack.ts then coerces it with the model.
 */

export class ShorthandParseError extends Error {
  override readonly name = "ShorthandParseError";
  constructor(value: string, expected: string, actual: string, index: number) {
    const chars = [...value];
    const upTo = chars.slice(0, index).join("");
    const spaces = value.includes("\n") ? index - upTo.lastIndexOf("\n") - 1 : index;
    super(`Expected: '${expected}', received: '${actual}' for input:\n${value}\n${" ".repeat(spaces)}^`);
  }
}

export type ShorthandValue = string | ShorthandValue[] | { [key: string]: ShorthandValue };

const SINGLE_QUOTED = { name: "singled quoted", regex: /^'(?:\\\\|\\'|[^'])*'/u };
const DOUBLE_QUOTED = { name: "double quoted", regex: /^"(?:\\\\|\\"|[^"])*"/u };
const FIRST_VALUE = {
  name: "first",
  regex: /^(?:\\,|[!#-&(-+\--<>-Z\\-z|-\uFFFF])(?:\\,|[!#-&(-+\--\\^-|~-\uFFFF])*/u,
};
const SECOND_VALUE = { name: "second", regex: /^(?:\\,|[!#-&(-+\--<>-Z\\-z|-\uFFFF])(?:\\,|[!#-&(-+\--<>-\uFFFF])*/u };
const KEY_CHAR = /^[A-Za-z0-9]$/;
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
    Object.assign(params, this.keyval());
    while (this.index < this.chars.length) {
      this.expect(",", true);
      Object.assign(params, this.keyval());
    }
    return params;
  }

  private keyval(): Record<string, ShorthandValue> {
    const key = this.key();
    this.expect("=", true);
    return { [key]: this.values() };
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
        if (!(error instanceof ShorthandParseError) || this.atEof()) throw error;
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
      keyvals[key] = value;
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
    return match[0].replaceAll("\\,", ",");
  }

  private secondValue(): string {
    if (this.current() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.current() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    return this.mustConsume(SECOND_VALUE).replaceAll("\\,", ",");
  }

  private quoted(regex: NamedRegex, quote: string): string {
    return this.mustConsume(regex).slice(1, -1).replaceAll(`\\${quote}`, quote).replaceAll("\\\\", "\\");
  }

  private expect(char: string, consumeWhitespace = false): void {
    if (consumeWhitespace) this.consumeWhitespace();
    if (this.atEof()) throw new ShorthandParseError(this.input, char, "EOF", this.index);
    const actual = this.current() ?? "";
    if (actual !== char) throw new ShorthandParseError(this.input, char, actual, this.index);
    this.index++;
    if (consumeWhitespace) this.consumeWhitespace();
  }

  private mustConsume(regex: NamedRegex): string {
    const match = regex.regex.exec(this.rest());
    if (!match) throw new ShorthandParseError(this.input, `<${regex.name}>`, "<none>", this.index);
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
