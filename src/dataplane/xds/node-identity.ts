/**
 * Which mesh object an xDS client is, from its node id, in the three forms the App Mesh Envoy image
 * sends (dataplane.md §22.1): the resource ARN (ECS), `mesh/<mesh>/virtualNode/<name>` (Kubernetes
 * controller; also virtualGateway), and `mesh/<mesh>@<owner account>/…` for a mesh shared from
 * another account.
 */

export type ProxyKind = "virtualNode" | "virtualGateway";

export interface NodeIdentity {
  mesh: string;
  kind: ProxyKind;
  name: string;
  /** From an ARN or a `mesh@owner` id; otherwise the server's account. */
  account?: string;
  /** From an ARN; otherwise the call's SigV4 region, else the server's. */
  region?: string;
}

const ARN = /^arn:aws[\w-]*:appmesh:([\w-]+):(\d{12}):(mesh\/.+)$/;
const PATH = /^mesh\/([^/@]+)(?:@(\d{12}))?\/(virtualNode|virtualGateway)\/([^/]+)$/;

export function parseNodeId(id: string): NodeIdentity | undefined {
  const arn = ARN.exec(id);
  const path = PATH.exec(arn ? (arn[3] as string) : id);
  if (!path) return undefined;
  const [, mesh, owner, kind, name] = path as unknown as [string, string, string | undefined, ProxyKind, string];
  const account = arn?.[2] ?? owner;
  return { mesh, kind, name, ...(account ? { account } : {}), ...(arn ? { region: arn[1] } : {}) };
}

export const NODE_ID_FORMS =
  "arn:aws:appmesh:<region>:<account>:mesh/<mesh>/virtualNode/<name>, mesh/<mesh>/virtualNode/<name> or mesh/<mesh>@<account>/virtualNode/<name> (or virtualGateway)";
