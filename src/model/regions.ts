/**
 * What may be a region name: botocore's host-label rule (letters, digits and inner hyphens, at most 63,
 * not all digits), since a region becomes part of a host name and of every ARN.
 */
const REGION_NAME = /^(?![0-9]+$)(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/;

export function isRegionName(region: string): boolean {
  return REGION_NAME.test(region);
}
