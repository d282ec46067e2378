import { describe, expect, it } from 'vitest';
import { translateRe2Pattern } from '../../lib/validate/schema/re2-pattern';
import { toStrictSchema } from '../../lib/validate/schema/strict-schema';

describe('toStrictSchema', () => {
  it('closes object schemas that list properties, at every depth, without changing the input', () => {
    const input = {
      type: 'object',
      properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } },
    };
    const copy = structuredClone(input);
    expect(toStrictSchema(input)).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        spec: { type: 'object', additionalProperties: false, properties: { replicas: { type: 'integer' } } },
      },
    });
    expect(input).toEqual(copy);
  });

  it('leaves open maps, preserve-unknown-fields objects and int-or-string unions alone', () => {
    const labels = { type: 'object', additionalProperties: { type: 'string' } };
    const raw = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } };
    const intOrString = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    expect(toStrictSchema(labels)).toEqual(labels);
    expect(toStrictSchema(raw)).toEqual(raw);
    expect(toStrictSchema(intOrString)).toEqual(intOrString);
  });

  it('treats a property named "properties" as a field, not as the keyword', () => {
    const jsonSchemaProps = {
      type: 'object',
      properties: { properties: { type: 'object', additionalProperties: { $ref: '#/definitions/X' } } },
    };
    expect(toStrictSchema(jsonSchemaProps)).toEqual({ ...jsonSchemaProps, additionalProperties: false });
  });

  it('turns format date-time into a pattern and drops the formats kubeconform does not assert', () => {
    expect(toStrictSchema({ type: 'string', format: 'date-time' })).toMatchObject({ pattern: expect.any(String) });
    expect(toStrictSchema({ type: 'integer', format: 'int32' })).toEqual({
      type: 'integer',
      'x-int-format': 'int32',
      minimum: -2147483648,
      maximum: 2147483647,
    });
  });
});

describe('translateRe2Pattern', () => {
  it('applies (?i) to the whole pattern, outside and inside character classes', () => {
    const pattern = new RegExp(translateRe2Pattern('^(?i)(abort|warn)?$'));
    expect(['abort', 'WARN', 'Warn', ''].every((value) => pattern.test(value))).toBe(true);
    expect(pattern.test('retry')).toBe(false);
    expect(translateRe2Pattern('(?i)[a-cx_]\\d')).toBe('[a-cA-CxX_]\\d');
    expect(new RegExp(`^${translateRe2Pattern('(?i)[a-c]')}$`).test('_')).toBe(false);
  });

  it('leaves patterns without inline flags untouched', () => {
    expect(translateRe2Pattern('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')).toBe('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$');
  });
});
