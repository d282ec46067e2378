/** The parts of a synthesized cdk.tf.json the checks read. */
export interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, TerraformBlock>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, TerraformBlock>>>>;
  readonly provider?: Readonly<Record<string, readonly TerraformBlock[]>>;
  readonly terraform?: TerraformBlock;
}

export type TerraformBlock = Readonly<Record<string, unknown>>;

/** One resource (or data source) of a synthesized stack, with its Terraform address. */
export interface TerraformResource {
  /** `aws_s3_bucket.loki-bucket_A803A5A5` */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly config: TerraformBlock;
}

/** Every resource of the given types (all resources when none given), in address order. */
export function resourcesOf(json: TerraformJson, ...types: string[]): TerraformResource[] {
  return blocks(json.resource, types, '');
}

/** Every data source of the given types, in address order. */
export function dataSourcesOf(json: TerraformJson, ...types: string[]): TerraformResource[] {
  return blocks(json.data, types, 'data.');
}

function blocks(section: TerraformJson['resource'], types: readonly string[], prefix: string): TerraformResource[] {
  const found: TerraformResource[] = [];
  for (const type of Object.keys(section ?? {}).sort()) {
    if (types.length > 0 && !types.includes(type)) continue;
    const byName = section?.[type] ?? {};
    for (const name of Object.keys(byName).sort()) {
      found.push({ address: `${prefix}${type}.${name}`, type, name, config: byName[name] ?? {} });
    }
  }
  return found;
}

/** The first element of a nested block, whichever way it was synthesized (object or one-element list). */
export function block(value: unknown): Readonly<Record<string, unknown>> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : undefined;
}

/** Every element of a nested block list (a single object counts as a list of one). */
export function blockList(value: unknown): Readonly<Record<string, unknown>>[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
}

/** Terraform booleans arrive as `true` or, for some string-typed attributes, `"true"`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Whether an attribute holds a reference to the given resource (`${aws_s3_bucket.x.id}`). */
export function refersTo(value: unknown, resource: TerraformResource): boolean {
  return typeof value === 'string' && value.includes(`\${${resource.type}.${resource.name}.`);
}
