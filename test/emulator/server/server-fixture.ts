/**
 * A `mesh serve` server for tests: on 127.0.0.1, port 0, over a fresh state directory, with the
 * emulator's clock pinned; and SDK clients pointed at it. `stop()` closes both and removes the state.
 */
import "./sdk-env.js";
import { AppMesh } from "@aws-sdk/client-app-mesh";
import { ServiceDiscovery } from "@aws-sdk/client-servicediscovery";
import { type MeshServer, type ServerOptions, startServer } from "../../../src/emulator/server/server.js";
import { tempStateDir } from "../../helpers/run-mesh.js";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
export const CREDENTIALS = { accessKeyId: "AKIDMESHTEST", secretAccessKey: "mesh-test-secret" };

export interface Fixture {
  server: MeshServer;
  stateDir: string;
  /** Unexpected errors the server logged. */
  logged: string[];
  /** An SDK client for the server; the fixture's credentials unless told otherwise. */
  client(options?: { region?: string; accessKeyId?: string; secretAccessKey?: string }): AppMesh;
  /** A Cloud Map SDK client for the server (DiscoverInstances' `data-` host prefix turned off). */
  cloudMap(): ServiceDiscovery;
  stop(): Promise<void>;
}

export async function serve(options: Partial<ServerOptions> = {}): Promise<Fixture> {
  const state = tempStateDir();
  const logged: string[] = [];
  const clients: { destroy(): void }[] = [];
  const server = await startServer({
    stateDir: state.dir,
    account: ACCOUNT,
    region: REGION,
    log: (line) => logged.push(line),
    ...options,
  });
  return {
    server,
    stateDir: state.dir,
    logged,
    client: ({ region = REGION, ...credentials } = {}) => {
      const client = new AppMesh({
        endpoint: server.url,
        region,
        credentials: { ...CREDENTIALS, ...credentials },
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    cloudMap: () => {
      const client = new ServiceDiscovery({
        endpoint: server.url,
        region: REGION,
        credentials: CREDENTIALS,
        maxAttempts: 1,
        // DiscoverInstances goes to `data-<host>` on AWS; a local endpoint has no such host.
        disableHostPrefix: true,
      });
      clients.push(client);
      return client;
    },
    stop: async () => {
      for (const client of clients) client.destroy();
      await server.close();
      state.cleanup();
    },
  };
}
