import type { PathSegments } from '../json-path';
import { findingAt } from '../load-documents';
import { apiVersionOf, asArray, asRecord, getIn, kindOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';
import { labelValue, qualifiedName } from './name-syntax';
import { labelSelectorsOf, metadataOf } from './object-metadata';

/** The API server's limit on all annotations of one object together (keys and values, in bytes). */
export const TOTAL_ANNOTATION_SIZE_BYTES = 256 * 1024;

const KEY_EXPECTED =
  'a qualified name: optional DNS-1123 subdomain prefix and "/", then at most 63 characters of [A-Za-z0-9-_.] starting and ending alphanumeric';
const VALUE_EXPECTED = 'at most 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric (or empty)';

type Add = (path: PathSegments, message: string, expected: string) => void;

function checkLabelMap(labels: Record<string, unknown>, at: PathSegments, what: string, add: Add): void {
  for (const [key, value] of Object.entries(labels)) {
    const keyProblems = qualifiedName(key);
    if (keyProblems.length > 0)
      add([...at, key], `${what} key ${JSON.stringify(key)}: ${keyProblems.join('; ')}`, KEY_EXPECTED);
    if (typeof value !== 'string') continue; // the schema reports the type
    const valueProblems = labelValue(value);
    if (valueProblems.length > 0)
      add([...at, key], `${what} value ${JSON.stringify(value)}: ${valueProblems.join('; ')}`, VALUE_EXPECTED);
  }
}

function checkSelector(selector: Record<string, unknown>, at: PathSegments, add: Add): void {
  checkLabelMap(asRecord(selector.matchLabels), [...at, 'matchLabels'], 'selector label', add);
  asArray(selector.matchExpressions).forEach((raw, index) => {
    const expression = asRecord(raw);
    const path = [...at, 'matchExpressions', index];
    if (typeof expression.key === 'string') {
      const problems = qualifiedName(expression.key);
      if (problems.length > 0)
        add([...path, 'key'], `selector key ${JSON.stringify(expression.key)}: ${problems.join('; ')}`, KEY_EXPECTED);
    }
    const values = asArray(expression.values);
    const operator = String(expression.operator);
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
      add([...path, 'values'], `operator ${operator} needs at least one value`, 'a non-empty values list');
    }
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      add([...path, 'values'], `operator ${operator} takes no values`, 'no values');
    }
    values.forEach((value, valueIndex) => {
      if (typeof value !== 'string') return;
      const problems = labelValue(value);
      if (problems.length > 0)
        add(
          [...path, 'values', valueIndex],
          `selector value ${JSON.stringify(value)}: ${problems.join('; ')}`,
          VALUE_EXPECTED,
        );
    });
  });
}

/** Label keys and values (on objects, templates and selectors) have the syntax and length the API server allows. */
export const labelSyntax: Rule = {
  id: 'api-labels',
  category: 'api',
  rationale:
    'The API server rejects label keys and values over 63 characters or with other characters than [A-Za-z0-9-_.].',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const document of documents) {
      const add: Add = (path, message, expected) =>
        findings.push(findingAt(document, 'api-labels', path, message, expected));
      for (const { path, metadata } of metadataOf(document))
        checkLabelMap(asRecord(metadata.labels), [...path, 'labels'], 'label', add);
      for (const { path, selector } of labelSelectorsOf(document)) checkSelector(selector, path, add);
      if (kindOf(document.object) === 'Service' && apiVersionOf(document.object) === 'v1') {
        checkLabelMap(
          asRecord(getIn(document.object, ['spec', 'selector'])),
          ['spec', 'selector'],
          'selector label',
          add,
        );
      }
    }
    return findings;
  },
};

function checkAnnotations(document: ManifestDocument, add: Add): void {
  for (const { path, metadata } of metadataOf(document)) {
    const annotations = asRecord(metadata.annotations);
    let size = 0;
    for (const [key, value] of Object.entries(annotations)) {
      size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
      const problems = qualifiedName(key.toLowerCase());
      if (problems.length > 0)
        add(
          [...path, 'annotations', key],
          `annotation key ${JSON.stringify(key)}: ${problems.join('; ')}`,
          KEY_EXPECTED,
        );
    }
    if (size > TOTAL_ANNOTATION_SIZE_BYTES) {
      add(
        [...path, 'annotations'],
        `annotations total ${size} bytes`,
        `at most ${TOTAL_ANNOTATION_SIZE_BYTES} bytes (256 KiB) of keys and values together`,
      );
    }
  }
}

/** Annotation keys are qualified names and all annotations of an object together fit in 256 KiB. */
export const annotationSyntax: Rule = {
  id: 'api-annotations',
  category: 'api',
  rationale:
    'The API server rejects annotation keys that are not qualified names and annotations over 256 KiB in total.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const document of documents) {
      checkAnnotations(document, (path, message, expected) =>
        findings.push(findingAt(document, 'api-annotations', path, message, expected)),
      );
    }
    return findings;
  },
};
