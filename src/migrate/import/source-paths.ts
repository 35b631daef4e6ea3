/**
 * Where each member of an imported operation input was written in its source file: input paths
 * (`spec.listeners[0].portMapping.port`) to source paths (`Properties.Spec.Listeners[0].PortMapping.Port`).
 * A path never recorded is placed under its nearest recorded parent.
 */
export class SourcePaths {
  private readonly paths = new Map<string, string>();

  add(inputPath: string, sourcePath: string): void {
    if (!this.paths.has(inputPath)) this.paths.set(inputPath, sourcePath);
  }

  /** Records where `inputPath` was written, replacing what was recorded. */
  set(inputPath: string, sourcePath: string): void {
    this.paths.set(inputPath, sourcePath);
  }

  /** Where the input member at `inputPath` was written. */
  sourceOf(inputPath: string): string {
    let path = inputPath;
    while (path) {
      const source = this.paths.get(path);
      if (source !== undefined) return source + inputPath.slice(path.length);
      path = parentPath(path);
    }
    return this.paths.get("") ?? inputPath;
  }
}

/** `a.b[0].c` → `a.b[0]` → `a.b` → `a` → "". */
function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
  return cut < 0 ? "" : path.slice(0, cut);
}
