import { describe, expect, it } from 'vitest';
import type { EventsSettings } from '../../../lib/model/platform-settings';
import { LOAD_TEST_NAME, loadTestObjects } from '../../../platform/events/load-test';
import { strictSchema } from '../../support/schemas';
import { productionCluster, render, stagingCluster } from '../fixtures';
import { apps, PRODUCTION_BUS, withBus } from './fixtures';

/**
 * Strict schema validation (unknown fields rejected) of everything the event bus writes. In the integration
 * suite: compiling the Strimzi CRD schemas takes seconds (npm run validate checks the repository's output too).
 */
const BUS: EventsSettings = PRODUCTION_BUS;

describe('event bus objects against their schemas', () => {
  it('every object of the bus in a staging and a production cluster is valid against its schema, unknown fields rejected', async () => {
    const problemsOf = strictSchema('1.34');
    for (const definition of [withBus(stagingCluster()), withBus(productionCluster(), PRODUCTION_BUS)]) {
      const rendered = render(definition, apps());
      const checked = rendered.objects().filter(({ path }) => path.startsWith('events/') || path.includes('kafka'));
      expect(new Set(checked.map(({ object }) => object.kind))).toEqual(
        new Set([
          'Application',
          'Kafka',
          'KafkaNodePool',
          'KafkaTopic',
          'KafkaUser',
          'Role',
          'RoleBinding',
          'NetworkPolicy',
          'PodMonitor',
          'PrometheusRule',
          'ServiceAccount',
          'SecretStore',
          'ExternalSecret',
        ]),
      );
      for (const { path, object } of checked)
        expect({ path, problems: await problemsOf(object) }).toEqual({ path, problems: [] });
    }
  });

  it('a strict check would catch a misspelt Strimzi field', async () => {
    const problemsOf = strictSchema('1.34');
    const user = render(withBus(stagingCluster()), apps()).object('events/kafkauser-worker.yaml');
    const spec = user.spec as { authorization: { acls: Record<string, unknown>[] } };
    const broken = {
      ...user,
      spec: {
        ...spec,
        authorization: { ...spec.authorization, acls: [{ ...spec.authorization.acls[0], operation: 'Read' }] },
      },
    };
    expect(await problemsOf(broken)).toEqual([expect.stringMatching(/acls\[0\].*operation/)]);
  });
  it('is a topic, a user allowed only on it, and a restricted Job, all valid against their schemas', async () => {
    const objects = loadTestObjects(BUS);
    expect(objects.map((object) => object.kind)).toEqual(['KafkaTopic', 'KafkaUser', 'Job']);
    const problemsOf = strictSchema('1.34');
    for (const object of objects) expect(await problemsOf(object)).toEqual([]);
    const user = objects[1] as { spec: { authorization: { acls: { resource: { name: string } }[] } } };
    expect(user.spec.authorization.acls.map((acl) => acl.resource.name)).toEqual([LOAD_TEST_NAME, LOAD_TEST_NAME]);
    expect(JSON.stringify(objects[2])).toContain('"readOnlyRootFilesystem":true');
    expect(JSON.stringify(objects[2])).toContain('"drop":["ALL"]');
    expect((objects[0] as { spec: { replicas: number } }).spec.replicas).toBe(3);
  });
});
