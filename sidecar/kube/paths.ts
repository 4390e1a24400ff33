// Where a resource lives in the API: `/api/v1/...` for the core group, `/apis/<group>/<version>/...` for the others.

export interface ResourceType {
  group: string;
  version: string;
  plural: string;
}

/** The collection of a resource in a namespace (or in all, namespace undefined), or one object of it by name. */
export function resourcePath({ group, version, plural }: ResourceType, namespace?: string, name?: string): string {
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const collection = namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${plural}` : `${base}/${plural}`;
  return name === undefined ? collection : `${collection}/${encodeURIComponent(name)}`;
}
