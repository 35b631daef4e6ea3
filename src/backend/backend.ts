/**
 * One interface for every place an App Mesh call can go: the embedded emulator or an AWS endpoint.
 * Inputs and outputs are the SDK's shapes (model member names; timestamps as Date), so whatever
 * prints the result never knows which backend answered. Errors from the service are ServiceErrors.
 */
import type { Operation } from "../model/types.js";

export type Params = Record<string, unknown>;
export type Output = Record<string, unknown>;

export interface Backend {
  call(operation: Operation, input: Params): Promise<Output>;
  close(): Promise<void>;
}
