/**
 * Bundles the CLI into one CommonJS file, dist/bundle/mesh.cjs, which bin/mesh.js runs: Node loads
 * one CommonJS module much faster than dozens of ES modules, and start-up is most of what a `mesh`
 * call costs. Modules the code imports dynamically (SQLite store, YAML, JMESPath) are evaluated only
 * when a command needs them; the SDK and optional-path packages (YAML, JMESPath) stay external,
 * so their code is not even read unless a command needs them. The data plane (proxy, undici) is a
 * second bundle, dist/bundle/dataplane.cjs, which only `mesh up`, `explain` and `route-check` load; the
 * xDS control plane (gRPC, protobuf) a third, dist/bundle/xds.cjs, loaded only by `mesh serve --xds-…`;
 * migration (import, export, evaluation, cascade) a fourth, dist/bundle/migrate.cjs.
 */
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { type BuildOptions, build, type Plugin } from "esbuild";
import { repoRoot } from "./generate-model.js";

/**
 * Commander requires child_process eagerly (~5 ms) for executable subcommands, which mesh has none
 * of: it gets the module on first use instead.
 */
const lazyChildProcess: Plugin = {
  name: "lazy-child-process",
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${join("node_modules", "commander")}`)
        ? { path: "child_process", namespace: "lazy" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy" }, () => ({
      contents: 'module.exports = new Proxy({}, { get: (_, key) => require("node:child_process")[key] });',
      loader: "js",
    }));
  },
};

/** The separate bundles, by the entry module each is built from. */
const SEPARATE: Record<string, string> = {
  [join(repoRoot, "src", "dataplane", "entry.js")]: "./dataplane.cjs",
  [join(repoRoot, "src", "dataplane", "xds", "entry.js")]: "./xds.cjs",
  [join(repoRoot, "src", "migrate", "entry.js")]: "./migrate.cjs",
};

/** The CLI's imports of a separate bundle's entry (e.g. src/cli/commands/dataplane.ts) become a require of that bundle. */
const separateBundles: Plugin = {
  name: "separate-bundles",
  setup(build) {
    build.onResolve({ filter: /entry\.js$/ }, (args) => {
      const bundle = SEPARATE[resolve(args.resolveDir, args.path)];
      return bundle ? { path: bundle, external: true } : undefined;
    });
  },
};

const outdir = join(repoRoot, "dist", "bundle");
rmSync(outdir, { recursive: true, force: true });
const common: BuildOptions = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // better-sqlite3's JavaScript is bundled (its native addon is loaded by path at run time).
  external: ["bindings", "yaml", "@jmespath-community/jmespath", "@aws-sdk/*", "@smithy/*"],
  // Less text to read and parse at every start; identifiers stay, so stack traces (--debug) read well.
  minifyWhitespace: true,
  minifySyntax: true,
  // The sources are ES modules that locate files with import.meta.url.
  define: { "import.meta.url": "__meshModuleUrl" },
  banner: { js: 'const __meshModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
};
await build({
  ...common,
  entryPoints: [join(repoRoot, "src", "cli", "main.ts")],
  outfile: join(outdir, "mesh.cjs"),
  plugins: [lazyChildProcess, separateBundles],
});
await build({
  ...common,
  entryPoints: [join(repoRoot, "src", "dataplane", "entry.ts")],
  outfile: join(outdir, "dataplane.cjs"),
});
await build({
  ...common,
  // gRPC and protobuf.js stay packages of their own: they locate files and load each other at run time.
  external: [...(common.external ?? []), "@grpc/*", "protobufjs"],
  entryPoints: [join(repoRoot, "src", "dataplane", "xds", "entry.ts")],
  outfile: join(outdir, "xds.cjs"),
});
await build({
  ...common,
  entryPoints: [join(repoRoot, "src", "migrate", "entry.ts")],
  outfile: join(outdir, "migrate.cjs"),
});
