/**
 * A copy of a parsed document without `null` map values, recursively: the API server and kubeconform treat
 * `field: null` (or `field:` with nothing after it) as a field that is not set. Nulls inside lists are kept,
 * since there they are values (the schema then says whether they are allowed). Returns the input itself
 * when it has no null value, so the common case allocates nothing.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const cleaned = withoutNulls(item);
      if (cleaned !== item) {
        copy ??= [...value];
        copy[index] = cleaned;
      }
    });
    return copy ?? value;
  }
  if (typeof value !== 'object' || value === null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    if (item === null) {
      copy ??= { ...(value as Record<string, unknown>) };
      delete copy[key];
      continue;
    }
    const cleaned = withoutNulls(item);
    if (cleaned !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = cleaned;
    }
  }
  return copy ?? value;
}
