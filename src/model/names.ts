/**
 * botocore's `xform_name`: the AWS CLI spelling of a model name.
 * `CreateVirtualNode` → `create-virtual-node`, `ResourceARN` → `resource-arn`, `DNSRecords` → `dns-records`.
 */
export function xformName(name: string, sep = "-"): string {
  if (name.includes(sep)) return name;
  let value = name;
  const plural = /[A-Z]{2,}s$/.exec(value);
  if (plural) value = `${value.slice(0, -plural[0].length)}${sep}${plural[0].toLowerCase()}`;
  return value
    .replace(/(.)([A-Z][a-z]+)/g, `$1${sep}$2`)
    .replace(/([a-z0-9])([A-Z])/g, `$1${sep}$2`)
    .toLowerCase();
}
