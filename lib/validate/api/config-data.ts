import { findingAt } from '../load-documents';
import { apiVersionOf, asRecord, kindOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';
import { configMapKey } from './name-syntax';

/** The API server's limit on a ConfigMap's or Secret's data (etcd's value limit leaves room for this much). */
export const MAX_CONFIG_DATA_BYTES = 1024 * 1024;

type Add = (path: (string | number)[], message: string, expected: string) => void;

function base64Bytes(value: string): number {
  return Buffer.from(value, 'base64').length;
}

/** A data key as the API server checks it (ConfigMap and Secret alike). */
function checkKey(field: string, key: string, add: Add): void {
  const problems = configMapKey(key);
  if (problems.length > 0) {
    add(
      [field, key],
      `key ${JSON.stringify(key)}: ${problems.join('; ')}`,
      'a key of [-._a-zA-Z0-9], at most 253 characters',
    );
  }
}

function checkConfigMap(document: ManifestDocument, add: Add): void {
  const data = asRecord(document.object.data);
  const binary = asRecord(document.object.binaryData);
  let size = 0;
  for (const [field, map] of [
    ['data', data],
    ['binaryData', binary],
  ] as const) {
    for (const [key, value] of Object.entries(map)) {
      checkKey(field, key, add);
      if (typeof value !== 'string') continue;
      size += field === 'data' ? Buffer.byteLength(value) : base64Bytes(value);
    }
  }
  for (const key of Object.keys(binary)) {
    if (key in data)
      add(
        ['binaryData', key],
        `key ${JSON.stringify(key)} is in both data and binaryData`,
        'each key in data or binaryData, not both',
      );
  }
  if (size > MAX_CONFIG_DATA_BYTES)
    add(['data'], `ConfigMap data is ${size} bytes`, `at most ${MAX_CONFIG_DATA_BYTES} bytes (1 MiB)`);
}

function checkSecret(document: ManifestDocument, add: Add): void {
  const data = asRecord(document.object.data);
  const stringData = asRecord(document.object.stringData);
  const merged = new Map<string, number>();
  for (const [field, map] of [
    ['data', data],
    ['stringData', stringData],
  ] as const) {
    for (const [key, value] of Object.entries(map)) {
      checkKey(field, key, add);
      if (typeof value !== 'string') continue;
      merged.set(key, field === 'data' ? base64Bytes(value) : Buffer.byteLength(value)); // stringData wins, as on the server
    }
  }
  const size = [...merged.values()].reduce((sum, bytes) => sum + bytes, 0);
  if (size > MAX_CONFIG_DATA_BYTES)
    add(['data'], `Secret data is ${size} bytes`, `at most ${MAX_CONFIG_DATA_BYTES} bytes (1 MiB)`);
}

/** ConfigMap and Secret keys are valid config keys and the data fits in 1 MiB. */
export const configData: Rule = {
  id: 'api-config-data',
  category: 'api',
  rationale: 'The API server rejects ConfigMaps and Secrets over 1 MiB and keys outside [-._a-zA-Z0-9].',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const document of documents) {
      if (apiVersionOf(document.object) !== 'v1') continue;
      const add: Add = (path, message, expected) =>
        findings.push(findingAt(document, 'api-config-data', path, message, expected));
      if (kindOf(document.object) === 'ConfigMap') checkConfigMap(document, add);
      if (kindOf(document.object) === 'Secret') checkSecret(document, add);
    }
    return findings;
  },
};
