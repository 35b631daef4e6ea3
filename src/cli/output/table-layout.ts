/**
 * The drawing half of `--output table`: awscli's table.py (MultiTable, Section), which lays out the
 * sections the table formatter (table.ts) fills in. Widths are terminal columns (textWidth), and a table
 * wider than the terminal turns its one-row sections into key/value rows.
 */
import { pythonStr } from "../../validate/python-text.js";
import { textWidth } from "./text-width.js";

/** colorama's codes, as awscli's ColorizedStyler uses them. */
export const RESET = "\x1b[0m";
const VALUE_STYLE = "\x1b[1m\x1b[34m";
const BORDER_STYLE = "\x1b[2m\x1b[33m";

interface Section {
  /** Python's None for the untitled sections of nested lists: not drawn, yet its str() "None" counts in the width. */
  title: string | null;
  headers: string[];
  rows: string[][];
  indent: number;
  columns?: number;
  maxWidths: number[];
}

/** `' ' * n` in Python: nothing when n is negative. */
const repeat = (text: string, n: number) => (n > 0 ? text.repeat(n) : "");

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction !== 0.5) return fraction < 0.5 ? floor : floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

export class MultiTable {
  private sections: Section[] = [];
  private current: Section;

  /** A table starts with its titled top section. */
  constructor(title: string) {
    this.current = this.newSection(title, 0);
  }

  newSection(title: string | null, indent: number): Section {
    this.current = { title, headers: [], rows: [], indent, maxWidths: [] };
    this.sections.push(this.current);
    return this.current;
  }

  addRowHeader(headers: string[]): void {
    const section = this.current;
    updateMaxWidths(section, headers);
    section.columns ??= headers.length;
    section.headers = headers;
  }

  addRow(values: unknown[]): void {
    const section = this.current;
    section.columns ??= values.length;
    if (values.length !== section.columns) {
      throw new Error(`Row should have ${section.columns} elements, instead it has ${values.length}`);
    }
    const row = values.map(pythonStr);
    section.rows.push(row);
    updateMaxWidths(section, row);
  }

  /**
   * The whole table as awscli writes it. With colour on, colorama's autoreset follows every single write
   * with a reset code, so the output is kept as the list of those writes.
   */
  render(terminalWidth: number, color: boolean): string {
    let width = this.maxWidth();
    if (width > terminalWidth) {
      this.sections = this.sections.map(verticalSection);
      width = this.maxWidth();
    }
    const writes = [`${"-".repeat(width)}\n`];
    for (const section of this.sections) renderSection(section, width, color, writes);
    return color ? writes.map((text) => text + RESET).join("") : writes.join("");
  }

  private maxWidth(): number {
    return Math.max(...this.sections.map(totalWidth));
  }
}

function updateMaxWidths(section: Section, row: string[]): void {
  if (section.maxWidths.length === 0) {
    section.maxWidths = row.map(textWidth);
    return;
  }
  row.forEach((cell, i) => {
    const current = section.maxWidths[i];
    if (current === undefined) throw new Error("list index out of range");
    section.maxWidths[i] = Math.max(textWidth(cell), current);
  });
}

/** The columns' widths (content plus 4), scaled to fill `maxWidth`, the rounding error spread from the left. */
function columnWidths(section: Section, maxWidth: number): number[] {
  const unscaled = section.maxWidths.map((w) => w + 4);
  if (unscaled.length === 0) return unscaled;
  const scale = maxWidth / unscaled.reduce((a, b) => a + b, 0);
  const scaled = unscaled.map((w) => roundHalfEven(scale * w));
  let offBy = scaled.reduce((a, b) => a + b, 0) - maxWidth;
  while (offBy !== 0) {
    const order = [...scaled.keys()];
    if (offBy < 0) order.reverse();
    for (const i of order) {
      scaled[i] = (scaled[i] ?? 0) + (offBy > 0 ? -1 : 1);
      offBy += offBy > 0 ? -1 : 1;
      if (offBy === 0) break;
    }
  }
  return scaled;
}

function totalWidth(section: Section): number {
  const border = 2 + 2 * section.indent;
  const columns = section.maxWidths.reduce((sum, w) => sum + w + 4, 0);
  return Math.max(textWidth(pythonStr(section.title)) + border, columns + border);
}

/** A section with a header and a single row becomes one `header | value` row per column. */
function verticalSection(section: Section): Section {
  const [row] = section.rows;
  if (section.rows.length !== 1 || section.headers.length === 0 || !row) return section;
  const vertical: Section = { title: section.title, headers: [], rows: [], indent: section.indent, maxWidths: [] };
  section.headers.slice(0, row.length).forEach((header, i) => {
    const pair = [header, row[i] ?? ""];
    vertical.rows.push(pair);
    updateMaxWidths(vertical, pair);
  });
  return vertical;
}

function centerText(text: string, length: number, leftEdge: string, rightEdge: string): string {
  const width = textWidth(text);
  const start = Math.floor(length / 2) - Math.floor(width / 2) - 1;
  const rightSpaces = length - textWidth(rightEdge) - (textWidth(leftEdge) + start + width);
  return leftEdge + repeat(" ", start) + text + repeat(" ", rightSpaces) + rightEdge;
}

function alignLeft(text: string, styled: string, length: number, leftEdge: string): string {
  const width = textWidth(text);
  const padding = length - (width + 2 + leftEdge.length + 1) >= 0 ? 2 : 0;
  return `${leftEdge}${repeat(" ", padding)}${styled}${repeat(" ", length - leftEdge.length - padding - width - 1)}|`;
}

/** `+------+-----+` */
function lineBreak(widths: number[]): string {
  return widths.map((w, i) => (i === 0 ? `+${repeat("-", w - 2)}+` : `${repeat("-", w - 1)}+`)).join("");
}

/** Each line of a section sits between `|` borders, one per level of nesting (awscli's IndentedStream). */
function renderSection(section: Section, tableWidth: number, color: boolean, writes: string[]): void {
  const border = repeat(color ? `${BORDER_STYLE}|${RESET}` : "|", section.indent);
  const line = (text: string) => writes.push(border, text, border, "\n");
  const width = tableWidth - section.indent * 2;
  if (section.title) {
    line(centerText(section.title, width, "|", "|"));
    if (section.headers.length === 0 && section.rows.length === 0) line(`+${repeat("-", width - 2)}+`);
  }
  const widths = columnWidths(section, width);
  if (section.headers.length) {
    const titles = section.headers
      .slice(0, widths.length)
      .map((header, i) => centerText(header, widths[i] ?? 0, i === 0 ? "|" : "", "|"));
    line(lineBreak(widths));
    line(titles.join(""));
  }
  if (section.rows.length === 0 || widths.length === 0) return;
  line(lineBreak(widths));
  for (const row of section.rows) {
    const cells = row.slice(0, widths.length).map((cell, i) => {
      const styled = color ? `${VALUE_STYLE}${cell}${RESET}` : cell;
      return alignLeft(cell, styled, widths[i] ?? 0, i === 0 ? "|" : "");
    });
    line(cells.join(""));
  }
  line(lineBreak(widths));
}
