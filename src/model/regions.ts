/**
 * What may be a region name: botocore's host-label rule (letters, digits and inner hyphens, at most 63,
 * not all digits), since a region becomes part of a host name and of every ARN.
 */
const REGION_NAME = /^(?![0-9]+$)(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/;

export function isRegionName(region: string): boolean {
  return REGION_NAME.test(region);
}

/** botocore's InvalidRegionError, which the AWS CLI reports with exit 255. */
export function invalidRegionMessage(region: string): string {
  return `Provided region_name '${region}' doesn't match a supported format.`;
}
