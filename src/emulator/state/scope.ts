/** One account in one region: the unit of isolation, as in AWS, for every emulated service. */
export interface Scope {
  account: string;
  region: string;
}
