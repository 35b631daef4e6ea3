/**
 * The AWS CLI's JMESPath grammar, checked as jmespath.py 1.0.1 (the library inside AWS CLI v2) checks
 * it: a port of its lexer and Pratt parser, so a bad `--query` fails with the same message, column and
 * caret lines. It only checks: evaluation is the JMESPath library's. What the two grammars read
 * differently is settled here: jmespath.py's legacy literals (`` `foo` `` for the string "foo") come
 * back rewritten as JSON literals, so the library reads what the AWS CLI reads.
 */
import { pythonStr } from "../validate/python-text.js";

type TokenType =
  | "dot"
  | "star"
  | "rbracket"
  | "comma"
  | "colon"
  | "current"
  | "lparen"
  | "rparen"
  | "lbrace"
  | "rbrace"
  | "unquoted_identifier"
  | "quoted_identifier"
  | "flatten"
  | "filter"
  | "lbracket"
  | "literal"
  | "or"
  | "pipe"
  | "and"
  | "expref"
  | "number"
  | "lte"
  | "lt"
  | "gte"
  | "gt"
  | "ne"
  | "not"
  | "eq"
  | "eof";

interface Token {
  type: TokenType;
  /** What jmespath.py shows of the token in an error (`token "…"`). */
  text: string;
  start: number;
  /** Where the token's characters end (for rewriting literals). */
  end: number;
  /** A literal's value. */
  value?: unknown;
}

/** The error jmespath.py raises, rendered as `str(error)`. */
export class JmespathSyntaxError extends Error {
  override readonly name = "JmespathSyntaxError";
}

const SIMPLE: Record<string, TokenType> = {
  ".": "dot",
  "*": "star",
  "]": "rbracket",
  ",": "comma",
  ":": "colon",
  "@": "current",
  "(": "lparen",
  ")": "rparen",
  "{": "lbrace",
  "}": "rbrace",
};
const START_IDENTIFIER = /^[A-Za-z_]$/;
const IDENTIFIER = /^[A-Za-z0-9_]$/;
const DIGIT = /^[0-9]$/;
const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

function parseError(
  position: number,
  token: Token | { text: string; type: string },
  message: string,
  expression: string,
) {
  const underline = `${" ".repeat(position + 1)}^`;
  return new JmespathSyntaxError(
    `${message}: Parse error at column ${position}, token "${token.text}" (${token.type.toUpperCase()}), for expression:\n"${expression}"\n${underline}`,
  );
}

function incomplete(expression: string): JmespathSyntaxError {
  const underline = `${" ".repeat([...expression].length + 1)}^`;
  return new JmespathSyntaxError(`Invalid jmespath expression: Incomplete expression:\n"${expression}"\n${underline}`);
}

function lexerError(position: number, message: string, expression: string): JmespathSyntaxError {
  return new JmespathSyntaxError(`Bad jmespath expression: ${message}:\n${expression}\n${" ".repeat(position)}^`);
}

/** Python's `json.loads` for what a literal may hold; undefined when it is no JSON. */
function loads(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

class Lexer {
  private readonly chars: string[];
  private position = 0;
  private current: string | undefined;

  constructor(private readonly expression: string) {
    this.chars = [...expression];
    this.current = this.chars[0];
  }

  tokens(): Token[] {
    if (this.chars.length === 0) throw new JmespathSyntaxError("Invalid JMESPath expression: cannot be empty.");
    const tokens: Token[] = [];
    while (this.current !== undefined) {
      const start = this.position;
      const char = this.current;
      const simple = SIMPLE[char];
      if (simple) {
        tokens.push({ type: simple, text: char, start, end: start + 1 });
        this.next();
      } else if (START_IDENTIFIER.test(char)) {
        let text = char;
        while (IDENTIFIER.test(this.next() ?? "")) text += this.current;
        tokens.push({ type: "unquoted_identifier", text, start, end: start + text.length });
      } else if (WHITESPACE.has(char)) {
        this.next();
      } else if (char === "[") {
        const following = this.next();
        if (following === "]") {
          this.next();
          tokens.push({ type: "flatten", text: "[]", start, end: start + 2 });
        } else if (following === "?") {
          this.next();
          tokens.push({ type: "filter", text: "[?", start, end: start + 2 });
        } else tokens.push({ type: "lbracket", text: "[", start, end: start + 1 });
      } else if (char === "'") {
        const { text, end } = this.until("'");
        const value = text.replaceAll("\\'", "'");
        tokens.push({ type: "literal", text: value, start, end, value });
      } else if (char === "|") tokens.push(this.matchOrElse("|", "or", "pipe"));
      else if (char === "&") tokens.push(this.matchOrElse("&", "and", "expref"));
      else if (char === "`") tokens.push(this.literal());
      else if (DIGIT.test(char)) {
        const text = this.number();
        tokens.push({ type: "number", text: String(Number(text)), start, end: start + text.length });
      } else if (char === "-") {
        const text = this.number();
        if (text.length <= 1) throw lexerError(start, `Unknown token '${text}'`, this.expression);
        tokens.push({ type: "number", text: String(Number(text)), start, end: start + text.length });
      } else if (char === '"') tokens.push(this.quotedIdentifier());
      else if (char === "<") tokens.push(this.matchOrElse("=", "lte", "lt"));
      else if (char === ">") tokens.push(this.matchOrElse("=", "gte", "gt"));
      else if (char === "!") tokens.push(this.matchOrElse("=", "ne", "not"));
      else if (char === "=") {
        if (this.next() === "=") {
          tokens.push({ type: "eq", text: "==", start: this.position - 1, end: this.position + 1 });
          this.next();
        } else {
          const position = this.current === undefined ? this.position : this.position - 1;
          throw lexerError(position, "Unknown token '='", this.expression);
        }
      } else throw lexerError(this.position, `Unknown token ${char}`, this.expression);
    }
    tokens.push({ type: "eof", text: "", start: this.chars.length, end: this.chars.length });
    return tokens;
  }

  /** jmespath.py's _next: at the last character the position stays and `current` runs out. */
  private next(): string | undefined {
    if (this.position === this.chars.length - 1) this.current = undefined;
    else this.current = this.chars[++this.position];
    return this.current;
  }

  private number(): string {
    let text = this.current ?? "";
    while (DIGIT.test(this.next() ?? "")) text += this.current;
    return text;
  }

  /** The text up to the closing `delimiter` (backslashes kept), and where the token ends. */
  private until(delimiter: string): { text: string; end: number } {
    const start = this.position;
    let text = "";
    this.next();
    while (this.current !== delimiter) {
      if (this.current === "\\") {
        text += "\\";
        this.next();
      }
      if (this.current === undefined) {
        throw lexerError(start, `Unclosed ${delimiter} delimiter`, this.expression);
      }
      text += this.current;
      this.next();
    }
    const end = this.position + 1;
    this.next();
    return { text, end };
  }

  private literal(): Token {
    const start = this.position;
    const { text, end } = this.until("`");
    const lexeme = text.replaceAll("\\`", "`");
    const parsed = loads(lexeme) ?? loads(`"${lexeme.trimStart()}"`);
    if (!parsed) throw lexerError(start, `Bad token ${lexeme}`, this.expression);
    return { type: "literal", text: pythonStr(parsed.value), start, end, value: parsed.value };
  }

  private quotedIdentifier(): Token {
    const start = this.position;
    const { text, end } = this.until('"');
    const parsed = loads(`"${text}"`);
    if (!parsed) throw lexerError(start, "Invalid \\escape", this.expression);
    return { type: "quoted_identifier", text: String(parsed.value), start, end };
  }

  private matchOrElse(expected: string, matched: TokenType, otherwise: TokenType): Token {
    const start = this.position;
    const char = this.current ?? "";
    if (this.next() === expected) {
      this.next();
      return { type: matched, text: char + expected, start, end: start + 2 };
    }
    return { type: otherwise, text: char, start, end: start + 1 };
  }
}

const BINDING_POWER: Record<TokenType, number> = {
  eof: 0,
  unquoted_identifier: 0,
  quoted_identifier: 0,
  literal: 0,
  rbracket: 0,
  rparen: 0,
  comma: 0,
  rbrace: 0,
  number: 0,
  current: 0,
  expref: 0,
  colon: 0,
  pipe: 1,
  or: 2,
  and: 3,
  eq: 5,
  gt: 5,
  lt: 5,
  gte: 5,
  lte: 5,
  ne: 5,
  flatten: 9,
  star: 20,
  filter: 21,
  dot: 40,
  not: 45,
  lbrace: 50,
  lbracket: 55,
  lparen: 60,
};
const PROJECTION_STOP = 10;
const COMPARATORS = new Set<TokenType>(["eq", "ne", "gt", "gte", "lt", "lte"]);

/** The kinds of node the parser's decisions look at; nothing else of the tree is kept. */
type Node = "field" | "subexpression" | "index_expression" | "other";

/** Python's str() of a list of strings: `['a', 'b']`. */
const pythonList = (items: string[]) => `[${items.map((item) => `'${item}'`).join(", ")}]`;

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly expression: string,
  ) {}

  parse(): void {
    this.expr(0);
    if (this.currentType() !== "eof") {
      const token = this.lookahead(0);
      throw parseError(token.start, token, `Unexpected token: ${token.text}`, this.expression);
    }
  }

  private expr(bindingPower: number): Node {
    const token = this.lookahead(0);
    this.index++;
    let left = this.nud(token);
    let current = this.currentType();
    while (bindingPower < BINDING_POWER[current]) {
      this.index++;
      left = this.led(current, left);
      current = this.currentType();
    }
    return left;
  }

  private nud(token: Token): Node {
    switch (token.type) {
      case "literal":
      case "current":
        return "other";
      case "unquoted_identifier":
        return "field";
      case "quoted_identifier":
        if (this.currentType() === "lparen") {
          const t = this.lookahead(0);
          throw parseError(0, t, "Quoted identifier not allowed for function names.", this.expression);
        }
        return "field";
      case "star":
        if (this.currentType() !== "rbracket") this.projectionRhs(BINDING_POWER.star);
        return "other";
      case "filter":
        return this.filter();
      case "lbrace":
        return this.multiSelectHash();
      case "lparen": {
        const inner = this.expr(0);
        this.match("rparen");
        return inner;
      }
      case "flatten":
        this.projectionRhs(BINDING_POWER.flatten);
        return "other";
      case "not":
        this.expr(BINDING_POWER.not);
        return "other";
      case "lbracket":
        if (this.currentType() === "number" || this.currentType() === "colon") {
          return this.projectIfSlice(this.indexExpression());
        }
        if (this.currentType() === "star" && this.lookahead(1).type === "rbracket") {
          this.index += 2;
          this.projectionRhs(BINDING_POWER.star);
          return "other";
        }
        return this.multiSelectList();
      case "expref":
        this.expr(BINDING_POWER.expref);
        return "other";
      case "eof":
        throw incomplete(this.expression);
      default:
        throw parseError(token.start, token, "invalid token", this.expression);
    }
  }

  private led(type: TokenType, left: Node): Node {
    if (COMPARATORS.has(type)) {
      this.expr(BINDING_POWER[type]);
      return "other";
    }
    switch (type) {
      case "dot":
        if (this.currentType() !== "star") {
          this.dotRhs(BINDING_POWER.dot);
          return "subexpression";
        }
        this.index++;
        this.projectionRhs(BINDING_POWER.dot);
        return "other";
      case "pipe":
      case "or":
      case "and":
        this.expr(BINDING_POWER[type]);
        return "other";
      case "lparen": {
        if (left !== "field") {
          const previous = this.lookahead(-2);
          throw parseError(previous.start, previous, `Invalid function name '${previous.text}'`, this.expression);
        }
        while (this.currentType() !== "rparen") {
          this.expr(0);
          if (this.currentType() === "comma") this.match("comma");
        }
        this.match("rparen");
        return "other";
      }
      case "filter":
        return this.filter();
      case "flatten":
        this.projectionRhs(BINDING_POWER.flatten);
        return "other";
      case "lbracket": {
        const token = this.lookahead(0);
        if (token.type === "number" || token.type === "colon") {
          const right = this.indexExpression();
          return left === "index_expression" ? left : this.projectIfSlice(right);
        }
        this.match("star");
        this.match("rbracket");
        this.projectionRhs(BINDING_POWER.star);
        return "other";
      }
      default: {
        const token = this.lookahead(-1);
        throw parseError(token.start, token, "invalid token", this.expression);
      }
    }
  }

  private filter(): Node {
    this.expr(0);
    this.match("rbracket");
    if (this.currentType() !== "flatten") this.projectionRhs(BINDING_POWER.filter);
    return "other";
  }

  /** An index (`[0]`) or a slice (`[1:2]`): returns whether it was a slice. */
  private indexExpression(): "index" | "slice" {
    if (this.lookahead(0).type === "colon" || this.lookahead(1).type === "colon") {
      let part = 0;
      let current = this.currentType();
      while (current !== "rbracket" && part < 3) {
        if (current === "colon") {
          part++;
          if (part === 3) throw parseError(this.lookahead(0).start, this.lookahead(0), "syntax error", this.expression);
          this.index++;
        } else if (current === "number") this.index++;
        else throw parseError(this.lookahead(0).start, this.lookahead(0), "syntax error", this.expression);
        current = this.currentType();
      }
      this.match("rbracket");
      return "slice";
    }
    this.index++;
    this.match("rbracket");
    return "index";
  }

  private projectIfSlice(right: "index" | "slice"): Node {
    if (right === "slice") {
      this.projectionRhs(BINDING_POWER.star);
      return "other";
    }
    return "index_expression";
  }

  private multiSelectList(): Node {
    for (;;) {
      this.expr(0);
      if (this.currentType() === "rbracket") break;
      this.match("comma");
    }
    this.match("rbracket");
    return "other";
  }

  private multiSelectHash(): Node {
    for (;;) {
      this.matchOneOf(["quoted_identifier", "unquoted_identifier"]);
      this.match("colon");
      this.expr(0);
      if (this.currentType() === "comma") this.match("comma");
      else if (this.currentType() === "rbrace") {
        this.match("rbrace");
        return "other";
      }
    }
  }

  private projectionRhs(bindingPower: number): void {
    const current = this.currentType();
    if (BINDING_POWER[current] < PROJECTION_STOP) return;
    if (current === "lbracket" || current === "filter") this.expr(bindingPower);
    else if (current === "dot") {
      this.match("dot");
      this.dotRhs(bindingPower);
    } else throw parseError(this.lookahead(0).start, this.lookahead(0), "syntax error", this.expression);
  }

  private dotRhs(bindingPower: number): void {
    const current = this.currentType();
    if (current === "quoted_identifier" || current === "unquoted_identifier" || current === "star") {
      this.expr(bindingPower);
    } else if (current === "lbracket") {
      this.match("lbracket");
      this.multiSelectList();
    } else if (current === "lbrace") {
      this.match("lbrace");
      this.multiSelectHash();
    } else {
      const token = this.lookahead(0);
      const allowed = pythonList(["quoted_identifier", "unquoted_identifier", "lbracket", "lbrace"]);
      throw parseError(token.start, token, `Expecting: ${allowed}, got: ${token.type}`, this.expression);
    }
  }

  private match(type: TokenType): void {
    if (this.currentType() === type) this.index++;
    else this.failExpecting(type);
  }

  private matchOneOf(types: TokenType[]): void {
    if (!types.includes(this.currentType())) this.failExpecting(pythonList(types));
    this.index++;
  }

  private failExpecting(expected: string): never {
    const token = this.lookahead(0);
    if (token.type === "eof") throw incomplete(this.expression);
    throw parseError(token.start, token, `Expecting: ${expected}, got: ${token.type}`, this.expression);
  }

  private currentType(): TokenType {
    return this.lookahead(0).type;
  }

  private lookahead(offset: number): Token {
    return this.tokens[this.index + offset] ?? (this.tokens.at(-1) as Token);
  }
}

/**
 * Checks `expression` as the AWS CLI does (throws a JmespathSyntaxError with its message) and returns
 * it with every literal written as JSON, for the evaluating library.
 */
export function checkJmespath(expression: string): string {
  const tokens = new Lexer(expression).tokens();
  new Parser(tokens, expression).parse();
  const chars = [...expression];
  let rewritten = "";
  let at = 0;
  for (const token of tokens) {
    if (token.type !== "literal") continue;
    rewritten += `${chars.slice(at, token.start).join("")}\`${JSON.stringify(token.value).replaceAll("`", "\\`")}\``;
    at = token.end;
  }
  return rewritten + chars.slice(at).join("");
}
