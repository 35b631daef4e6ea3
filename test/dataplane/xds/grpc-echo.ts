/** Real gRPC servers on 127.0.0.1, port 0, each answering every call with its own name; and a client for them. */
import * as grpc from "@grpc/grpc-js";

const identity = (buffer: Buffer) => buffer;

/** `/test.Echo/Name`: an empty request, the server's name as the reply (raw bytes: no .proto needed). */
export const ECHO_SERVICE: grpc.ServiceDefinition = {
  Name: {
    path: "/test.Echo/Name",
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

export interface EchoServer {
  name: string;
  port: number;
  close(): void;
}

export async function startEcho(name: string): Promise<EchoServer> {
  const server = new grpc.Server();
  server.addService(ECHO_SERVICE, {
    Name: (_call: unknown, callback: grpc.sendUnaryData<Buffer>) => callback(null, Buffer.from(name)),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { name, port, close: () => server.forceShutdown() };
}

/** One call of `/test.Echo/Name` on a channel: the name of the server that answered. */
export function askName(client: grpc.Client, deadlineMs = 5000): Promise<string> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(
      "/test.Echo/Name",
      identity,
      identity,
      Buffer.alloc(0),
      { deadline: Date.now() + deadlineMs },
      (error, reply) => (error ? reject(error) : resolve(String(reply))),
    ),
  );
}
