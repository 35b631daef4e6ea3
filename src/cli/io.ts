/** Everything the CLI touches outside itself, passed in so tests can run `main()` in-process. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stdout is a terminal (colour, pager); a function, because finding out costs start-up time. */
  isTTY(): boolean;
  /** The terminal's width in columns, when stdout is one. */
  columns(): number | undefined;
}
