/**
 * A small gRPC service for data-plane tests, with no .proto: `shop.Cart` (Add, Remove) on raw bytes,
 * servers that answer with their own name (or an error status when told to fail: UNAVAILABLE, or the
 * status `fail` returns), and a unary call that resolves to the value or the status.
 */
import { type Client, type handleUnaryCall, Metadata, Server, ServerCredentials, status } from "@grpc/grpc-js";

const identity = (value: Buffer) => value;

export const method = (service: string, name: string) => ({
  path: `/${service}/${name}`,
  requestStream: false,
  responseStream: false,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
});

export const CART = { Add: method("shop.Cart", "Add"), Remove: method("shop.Cart", "Remove") };

export async function cartServer(
  name: string,
  host: string,
  fail: () => boolean | status = () => false,
): Promise<{ address: string; server: Server }> {
  const server = new Server();
  const answer: handleUnaryCall<Buffer, Buffer> = (_call, callback) => {
    const failure = fail();
    if (failure === false || failure === status.OK) callback(null, Buffer.from(name));
    else callback({ code: failure === true ? status.UNAVAILABLE : failure, details: "try again" });
  };
  server.addService(CART, { Add: answer, Remove: answer });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:0`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { address: `${host}:${port}`, server };
}

export interface CallResult {
  value?: string;
  code?: number;
  details?: string;
  metadata?: Metadata;
}

/** Calls a unary method of `client` by name, with request metadata. */
export function call(client: Client, name: string, headers: Record<string, string> = {}): Promise<CallResult> {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
  return new Promise((resolve) => {
    const unary = (client as unknown as Record<string, unknown>)[name] as (
      request: Buffer,
      metadata: Metadata,
      callback: (error: { code: number; details: string; metadata: Metadata } | null, value?: Buffer) => void,
    ) => void;
    unary.call(client, Buffer.from("x"), metadata, (error, value) =>
      resolve(
        error ? { code: error.code, details: error.details, metadata: error.metadata } : { value: String(value) },
      ),
    );
  });
}
