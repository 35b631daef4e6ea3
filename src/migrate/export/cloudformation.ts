/** CloudFormation templates written by exports: logical ids, references, parameters. */

/** A logical id (alphanumeric) for a named resource: `Service` + `catalog.shop.local` → `ServiceCatalogShopLocal`. */
export function logicalId(prefix: string, name: string, taken: Set<string>): string {
  const base =
    prefix +
    name
      .split(/[^A-Za-z0-9]+/)
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join("");
  let id = base.slice(0, 250);
  for (let n = 2; taken.has(id); n++) id = `${base.slice(0, 245)}${n}`;
  taken.add(id);
  return id;
}

export const ref = (id: string) => ({ Ref: id });
export const getAtt = (id: string, attribute: string) => ({ "Fn::GetAtt": [id, attribute] });

export interface Template {
  AWSTemplateFormatVersion: "2010-09-09";
  Description: string;
  Parameters: Record<string, { Type: string; Description: string; Default?: string }>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

export function template(description: string): Template {
  return { AWSTemplateFormatVersion: "2010-09-09", Description: description, Parameters: {}, Resources: {} };
}
