/**
 * One scalar of `--output yaml`, written as the AWS CLI's YAML dumper writes it: ruamel.yaml's "safe"
 * dumper, which resolves plain scalars with YAML 1.2 rules and emits through libyaml. libyaml picks the
 * style (plain, else single-quoted, else double-quoted) from what the text contains, and folds long
 * flow scalars at the first space past column 80, so a line may run a word past it.
 */

export interface ScalarPlace {
  /** The column the scalar's first character lands on. */
  column: number;
  /** The indentation of continuation lines. */
  indent: number;
  /**
   * A mapping key: never folded. The AWS CLI writes a multi-line key (or one over 128 characters) as an
   * explicit `? key`; here a multi-line key is double-quoted on one line instead.
   */
  key: boolean;
}

const BEST_WIDTH = 80;

/**
 * ruamel's YAML 1.2 implicit resolvers, each tried only for text starting with one of its characters.
 * A string matching one of them would not read back as a string, so it cannot be written plain.
 */
const IMPLICIT: [string, RegExp][] = [
  ["tTfF", /^(?:true|True|TRUE|false|False|FALSE)$/],
  [
    "-+0123456789.",
    /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  ],
  ["-+0123456789", /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/],
  ["<", /^<<$/],
  ["~nN", /^(?:~|null|Null|NULL)$/],
  [
    "0123456789",
    /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9]{2})?))?)$/,
  ],
  ["=", /^=$/],
  ["!&*", /^[!&*]$/],
];

/** The empty string resolves to null. */
const readsAsString = (text: string) =>
  text !== "" && !IMPLICIT.some(([first, pattern]) => first.includes(text.charAt(0)) && pattern.test(text));

const isBreak = (c: string) => c === "\n" || c === "\r" || c === "\x85" || c === "\u2028" || c === "\u2029";
/** A blank, a line break, or the end of the text. */
const isBlankOrEnd = (c: string | undefined) => c === undefined || c === " " || c === "\t" || c === "\0" || isBreak(c);

/** libyaml's printable set (the emitter allows unicode): astral characters are not in it. */
function isPrintable(c: string): boolean {
  const code = c.codePointAt(0) ?? 0;
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff)
  );
}

type Style = "plain" | "single" | "double";

/** libyaml's yaml_emitter_analyze_scalar and select_scalar_style, for block context. */
function chooseStyle(chars: string[], key: boolean): Style {
  const text = chars.join("");
  let indicators = text.startsWith("---") || text.startsWith("...");
  let special = false;
  let lineBreaks = false;
  let edgeWhitespace = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  chars.forEach((c, i) => {
    const followedByBlank = isBlankOrEnd(chars[i + 1]);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(c)) indicators = true;
      if ((c === "?" || c === ":" || c === "-") && followedByBlank) indicators = true;
    } else if ((c === ":" && followedByBlank) || (c === "#" && isBlankOrEnd(chars[i - 1]))) {
      indicators = true;
    }
    if (!isPrintable(c)) special = true;
    const edge = i === 0 || i === chars.length - 1;
    if (c === " ") {
      if (edge) edgeWhitespace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (edge) edgeWhitespace = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
  });
  if (key && lineBreaks) return "double";
  const plain = !(edgeWhitespace || breakSpace || spaceBreak || special || lineBreaks || indicators);
  if (plain && readsAsString(text)) return "plain";
  return breakSpace || spaceBreak || special ? "double" : "single";
}

/** libyaml's short escapes; anything else escaped is written as its code in hex. */
const ESCAPES: Record<string, string> = {
  "\0": "0",
  "\x07": "a",
  "\b": "b",
  "\t": "t",
  "\n": "n",
  "\v": "v",
  "\f": "f",
  "\r": "r",
  "\x1b": "e",
  '"': '"',
  "\\": "\\",
  "\x85": "N",
  "\u2028": "L",
  "\u2029": "P",
};

function escapeChar(c: string): string {
  const named = ESCAPES[c];
  if (named) return `\\${named}`;
  const code = c.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase();
  if (code <= 0xff) return `\\x${hex.padStart(2, "0")}`;
  return code <= 0xffff ? `\\u${hex.padStart(4, "0")}` : `\\U${hex.padStart(8, "0")}`;
}

/** Builds the scalar's text, tracking the column as libyaml does (one per character). */
class Writer {
  text = "";
  constructor(
    private column: number,
    private readonly indent: number,
  ) {}

  write(s: string): void {
    this.text += s;
    this.column += [...s].length;
  }

  /** A line break inside the scalar (folding, or a kept newline): column 0. */
  lineBreak(s = "\n"): void {
    this.text += s;
    this.column = 0;
  }

  /** Moves to the continuation indent, on a new line unless a break just happened. */
  toIndent(): void {
    if (this.column > 0) this.lineBreak();
    this.write(" ".repeat(this.indent));
  }

  /** A space may fold into a line break once the line has run past the best width. */
  pastWidth(): boolean {
    return this.column > BEST_WIDTH;
  }
}

/** The scalar's text as it follows `key: ` or `- ` (the separating space is not included). */
export function yamlScalar(value: unknown, place: ScalarPlace): string {
  if (value === null || value === undefined) return "null";
  if (typeof value !== "string") return String(value);
  const chars = [...value];
  const out = new Writer(place.column, place.indent);
  const write = { plain: writePlain, single: writeSingleQuoted, double: writeDoubleQuoted }[
    chooseStyle(chars, place.key)
  ];
  write(chars, out, !place.key);
  return out.text;
}

/** A space between two non-spaces folds into a line break once past the best width. */
function writePlain(chars: string[], out: Writer, folds: boolean): void {
  chars.forEach((c, i) => {
    if (c === " " && folds && chars[i - 1] !== " " && chars[i + 1] !== " " && out.pastWidth()) out.toIndent();
    else out.write(c);
  });
}

/** As plain, but never folding the first or last character; a line break is written twice. */
function writeSingleQuoted(chars: string[], out: Writer, folds: boolean): void {
  out.write("'");
  let breaks = false;
  chars.forEach((c, i) => {
    const inside = i > 0 && i < chars.length - 1;
    if (c === " ") {
      if (folds && inside && chars[i - 1] !== " " && chars[i + 1] !== " " && out.pastWidth()) out.toIndent();
      else out.write(c);
    } else if (isBreak(c)) {
      // The first break of a run is doubled: a single one would read back as a space.
      if (!breaks && c === "\n") out.lineBreak();
      out.lineBreak(c);
      breaks = true;
    } else {
      if (breaks) out.toIndent();
      out.write(c === "'" ? "''" : c);
      breaks = false;
    }
  });
  if (breaks) out.toIndent();
  out.write("'");
}

/** Escapes for what is not printable, line breaks, `"` and `\`; a fold before a space escapes that space. */
function writeDoubleQuoted(chars: string[], out: Writer, folds: boolean): void {
  out.write('"');
  chars.forEach((c, i) => {
    if (!isPrintable(c) || isBreak(c) || c === '"' || c === "\\") out.write(escapeChar(c));
    else if (c === " " && folds && i > 0 && i < chars.length - 1 && chars[i - 1] !== " " && out.pastWidth()) {
      out.toIndent();
      if (chars[i + 1] === " ") out.write("\\");
    } else out.write(c);
  });
  out.write('"');
}
