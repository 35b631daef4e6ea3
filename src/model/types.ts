/** The compact, generated form of an AWS service model: what `mesh` needs at run time, nothing else. */

export type ShapeType =
  | "structure"
  | "list"
  | "map"
  | "string"
  | "integer"
  | "long"
  | "float"
  | "double"
  | "boolean"
  | "timestamp"
  | "blob";

export type MemberLocation = "uri" | "querystring" | "header";

export interface MemberRef {
  shape: string;
  location?: MemberLocation;
  locationName?: string;
  idempotencyToken?: true;
}

export interface Shape {
  type: ShapeType;
  /** Structure members, in model order (the order the AWS CLI prints). */
  members?: Record<string, MemberRef>;
  required?: string[];
  /** A tagged union: exactly one member must be set. */
  union?: true;
  /** List element. */
  member?: MemberRef;
  /** Map key and value. */
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  /** Set on exception shapes: the HTTP status the service answers them with. */
  error?: { status: number };
}

export interface OperationMember {
  name: string;
  /** The AWS CLI flag without dashes (`virtual-node-name`). */
  cliName: string;
  shape: string;
  type: ShapeType;
  required: boolean;
  location: MemberLocation | "body";
  locationName?: string;
  idempotencyToken?: true;
}

export interface Paginator {
  inputToken: string;
  outputToken: string;
  limitKey: string;
  resultKey: string;
}

export interface Operation {
  /** The service's endpoint prefix (`appmesh`, `servicediscovery`): which client or emulator answers it. */
  service: string;
  /** The API name, the join key of everything (`CreateVirtualNode`). */
  name: string;
  /** The AWS CLI command name (`create-virtual-node`). */
  cliName: string;
  http: { method: string; requestUri: string; responseCode: number };
  input: { shape: string; members: OperationMember[] } | null;
  /** The output shape, and the member sent as the whole HTTP body (rest-json), if any. */
  output: { shape: string; payload: string | null } | null;
  paginator: Paginator | null;
}

export interface ServiceModel {
  metadata: {
    apiVersion: string;
    serviceId: string;
    serviceFullName: string;
    /** JSON 1.x services: the `X-Amz-Target` prefix (`Route53AutoNaming_v20170314`). */
    targetPrefix?: string;
  };

  operations: Operation[];
  shapes: Record<string, Shape>;
}
