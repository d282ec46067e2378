import { existsSync, readFileSync } from 'node:fs';
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import { describe, expect, it } from 'vitest';
import { isLocalCluster, type LocalClusterDefinition } from '../../lib/model/cluster';
import { composeFile } from '../../lib/local/compose';
import { k3dConfig } from '../../lib/local/k3d-config';
import { loadProject } from '../../lib/project/load';
import { REPO_ROOT } from '../support/repo-copy';

/**
 * The compose specification's JSON schema as Debian's `docker-compose` package (1.29.2) ships it: apt is the one
 * registry here that carries it (`apt-get install docker-compose`, or COMPOSE_SPEC_SCHEMA=<path>). Under CI=true a
 * missing schema fails, as a missing promtool does.
 */
const COMPOSE_SCHEMA =
  process.env.COMPOSE_SPEC_SCHEMA ?? '/usr/lib/python3/dist-packages/compose/config/compose_spec.json';
/** k3d's own schema (pkg/config/v1alpha5/schema.json of k3d-io/k3d): no registry ships it; give its path to check. */
const K3D_SCHEMA = process.env.K3D_CONFIG_SCHEMA;

const locals = (await loadProject(REPO_ROOT)).clusters
  .map((cluster) => cluster.definition)
  .filter((definition): definition is LocalClusterDefinition => isLocalCluster(definition));

function composeValidator() {
  const schema = JSON.parse(readFileSync(COMPOSE_SCHEMA, 'utf8')) as Record<string, unknown>;
  // Draft 2019-09 with the old `id` keyword (informational there); formats are compose-go's own, not checked.
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false, validateFormats: false });
  ajv.removeKeyword('id');
  return ajv.compile(schema);
}

describe.skipIf(!existsSync(COMPOSE_SCHEMA) && process.env.CI !== 'true')(
  'compose file against the compose spec schema',
  () => {
    it.each(locals.map((definition) => [definition.name, definition] as const))('%s: valid', (_, definition) => {
      const validate = composeValidator();
      expect(validate(composeFile(definition)), JSON.stringify(validate.errors)).toBe(true);
    });

    it('the schema refuses an unknown service field (the check can fail)', () => {
      const validate = composeValidator();
      const broken = composeFile(locals[0]!) as { services: Record<string, Record<string, unknown>> };
      broken.services.postgres!.imag = 'typo';
      expect(validate(broken)).toBe(false);
    });
  },
);

describe.skipIf(K3D_SCHEMA === undefined)("k3d config against k3d's schema", () => {
  it.each(locals.map((definition) => [definition.name, definition] as const))('%s: valid', (_, definition) => {
    const schema = JSON.parse(readFileSync(K3D_SCHEMA!, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    expect(validate(k3dConfig(definition)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...k3dConfig(definition), agentz: 1 })).toBe(false);
  });
});
