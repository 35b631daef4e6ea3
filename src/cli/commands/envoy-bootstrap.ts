/**
 * `mesh envoy-bootstrap --mesh-name M (--virtual-node-name N | --virtual-gateway-name G)`: prints a
 * bootstrap YAML with which an upstream Envoy binary takes its configuration from `mesh serve`'s xDS
 * server (see dataplane/xds/bootstrap.ts).
 */
import type { Command } from "commander";
import { BootstrapError, envoyBootstrap } from "../../dataplane/xds/bootstrap.js";
import { unknownOptionsError, usageError } from "../errors.js";
import type { ExtraCommand } from "./command.js";

const HELP = `NAME
       envoy-bootstrap - a bootstrap YAML connecting an Envoy binary to mesh serve's xDS server

SYNOPSIS
            envoy-bootstrap
          --mesh-name <value>
          --virtual-node-name <value> | --virtual-gateway-name <value>
          [--xds-address <value>]   HOST:PORT or unix:///PATH of mesh serve's xDS (default 127.0.0.1:18000)
          [--xds-ca <value>]        a CA bundle (PEM) to verify the server's certificate: TLS on
          [--admin-port <value>]    Envoy's admin port (default 9901)

DESCRIPTION
       The node id and cluster are mesh/<mesh>/virtualNode/<name> (or virtualGateway), as the App Mesh
       Envoy image sends them; LDS and CDS come over ADS. Run: envoy -c bootstrap.yaml. Envoy then
       listens as the App Mesh sidecar did: ingress 0.0.0.0:15000, egress 0.0.0.0:15001.
`;

interface Flags {
  meshName?: string;
  virtualNodeName?: string;
  virtualGatewayName?: string;
  xdsAddress: string;
  xdsCa?: string;
  adminPort: string;
}

export const envoyBootstrapCommand: ExtraCommand = {
  name: "envoy-bootstrap",
  summary: "print a bootstrap YAML that connects an Envoy binary to mesh serve's xDS server",
  define(command: Command, context) {
    command
      .option("--mesh-name <name>")
      .option("--virtual-node-name <name>")
      .option("--virtual-gateway-name <name>")
      .option("--xds-address <address>", "HOST:PORT or unix:///PATH", "127.0.0.1:18000")
      .option("--xds-ca <file>")
      .option("--admin-port <port>", "Envoy's admin port", "9901")
      .action(async (flags: Flags) => {
        const { io } = context;
        if (command.args.at(-1) === "help") return io.stdout(HELP);
        if (command.args.length) throw unknownOptionsError(command.args);
        if (!flags.meshName) throw usageError("the following arguments are required: --mesh-name");
        const node = flags.virtualNodeName;
        const gateway = flags.virtualGatewayName;
        if ((node === undefined) === (gateway === undefined)) {
          throw usageError("exactly one of --virtual-node-name and --virtual-gateway-name is required");
        }
        const adminPort = Number(flags.adminPort);
        if (!/^\d+$/.test(flags.adminPort) || adminPort < 1 || adminPort > 65535) {
          throw usageError(`argument --admin-port: invalid port: '${flags.adminPort}'`);
        }
        let bootstrap: Record<string, unknown>;
        try {
          bootstrap = envoyBootstrap({
            mesh: flags.meshName,
            kind: node === undefined ? "virtualGateway" : "virtualNode",
            name: (node ?? gateway) as string,
            xdsAddress: flags.xdsAddress,
            ...(flags.xdsCa ? { caFile: flags.xdsCa } : {}),
            adminPort,
          });
        } catch (error) {
          if (error instanceof BootstrapError) throw usageError(`argument --xds-address: ${error.message}`);
          throw error;
        }
        const { stringify } = await import("yaml");
        const listening =
          node === undefined
            ? `listens on the ports of virtual gateway ${gateway}'s listeners`
            : "listens on 0.0.0.0:15000 (ingress: redirect the application's ports here) and 0.0.0.0:15001 (egress)";
        const header = [
          `# mesh/${flags.meshName}/${node === undefined ? "virtualGateway" : "virtualNode"}/${node ?? gateway}, configured over ADS by mesh serve at ${flags.xdsAddress}.`,
          `# Envoy ${listening}; admin on 0.0.0.0:${adminPort}.`,
        ];
        io.stdout(`${header.join("\n")}\n${stringify(bootstrap, { aliasDuplicateObjects: false })}`);
      });
  },
};
