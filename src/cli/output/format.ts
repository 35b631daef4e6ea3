/**
 * Printing a result the way AWS CLI v2 does. `json`: 4-space indent, raw UTF-8, nothing at all for an
 * empty object. `text`: awscli's TextFormatter (text.ts); `table`: its TableFormatter (table.ts);
 * `yaml` and `yaml-stream`: its YAML dumper (yaml.ts). Only json is loaded up front: the other
 * formatters are imported when asked for.
 *
 * json, yaml and table print the pages of a paginated call merged, `--query` applied to the whole;
 * text and yaml-stream print page by page, `--query` applied to each page.
 */

import type { Paginator } from "../../model/types.js";
import type { Io } from "../io.js";
import { mergePages, type PagedResult } from "../paginate.js";
import type { Query } from "../query.js";
import { wantsColour } from "./colour.js";
import type { TableSettings } from "./table.js";

export type OutputFormat = "json" | "text" | "table" | "yaml" | "yaml-stream";

export const OUTPUT_FORMATS: OutputFormat[] = ["json", "text", "table", "yaml", "yaml-stream"];

/** What an operation answered: one response, or the pages of an auto-paginated call. */
export type Answer = { response: unknown } | { paginator: Paginator; paged: PagedResult };

export interface OutputOptions {
  format: OutputFormat;
  query?: Query | undefined;
  /** The operation's name (`DescribeMesh`): the table's title. */
  title: string;
  /** `--color`: `on`, `off`, or `auto` (the default). */
  color?: string | undefined;
  io: Pick<Io, "isTTY" | "env" | "columns">;
}

export function formatJson(value: unknown): string {
  if (isEmptyObject(value)) return "";
  return `${JSON.stringify(value ?? null, null, 4)}\n`;
}

export function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

export async function formatOutput(answer: Answer, options: OutputOptions): Promise<string> {
  const search = (value: unknown) => (options.query ? options.query.search(value) : value);
  switch (options.format) {
    case "text": {
      const { formatText } = await import("./text.js");
      return textResponses(answer)
        .map((response) => formatText(search(response)))
        .join("");
    }
    case "yaml-stream": {
      const { formatYamlStream } = await import("./yaml.js");
      if ("paged" in answer) return formatYamlStream(answer.paged.pages.map(search));
      const response = search(answer.response);
      return isEmptyObject(response) ? "" : formatYamlStream([response]);
    }
    case "yaml": {
      const { formatYaml } = await import("./yaml.js");
      return formatYaml(search(merged(answer)));
    }
    case "table": {
      const { formatTable } = await import("./table.js");
      return formatTable(search(merged(answer)), options.title, tableSettings(options));
    }
    default:
      return formatJson(search(merged(answer)));
  }
}

/** botocore's build_full_result: the result lists of all pages as one, `NextToken` when cut. */
function merged(answer: Answer): unknown {
  return "paged" in answer ? mergePages(answer.paginator, answer.paged) : answer.response;
}

/**
 * What awscli's TextFormatter prints, one after the other: the first page with everything but its token,
 * the later pages' result lists alone, then the resume token as its own `NextToken` object.
 */
function textResponses(answer: Answer): unknown[] {
  if (!("paged" in answer)) return [answer.response];
  const { paginator, paged } = answer;
  const responses: unknown[] = paged.pages.map((page, i) =>
    i === 0 ? mergePages(paginator, { pages: [page] }) : { [paginator.resultKey]: page[paginator.resultKey] ?? null },
  );
  if (paged.resumeToken !== undefined) responses.push({ NextToken: { NextToken: paged.resumeToken } });
  return responses;
}

/** awscli colours a table on a terminal, or always with `--color on`, and fits it to the terminal's width. */
function tableSettings({ color, io }: OutputOptions): TableSettings {
  return {
    color: wantsColour(color, io),
    terminalWidth: io.isTTY() ? io.columns() || 80 : undefined,
  };
}
