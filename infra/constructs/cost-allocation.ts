import { CeCostAllocationTag } from '@cdktn/provider-aws/lib/ce-cost-allocation-tag';
import { Construct } from 'constructs';

/** Who owns an app resource, for its tags. */
export interface ResourceOwner {
  readonly app: string;
  readonly team: string;
}

/**
 * The cost allocation tags of a resource its owners use: `team` and `app` when one app owns it, `team` alone when
 * apps of one team share it, none when teams share it (the default tags then count it as the platform's).
 */
export function ownerTags(owners: readonly ResourceOwner[]): Record<string, string> {
  const apps = [...new Set(owners.map((owner) => owner.app))];
  const teams = [...new Set(owners.map((owner) => owner.team))];
  if (teams.length !== 1) return {};
  return apps.length === 1 ? { team: teams[0]!, app: apps[0]! } : { team: teams[0]! };
}

/** `{ tags }` of a resource when the map has tags for it, else nothing (the default tags apply alone). */
export function tagsOf(
  tags: ReadonlyMap<string, Readonly<Record<string, string>>> | undefined,
  name: string,
): { tags?: Record<string, string> } {
  const found = tags?.get(name);
  return found === undefined || Object.keys(found).length === 0 ? {} : { tags: { ...found } };
}

export interface CostAllocationTagsProps {
  readonly tagKeys: readonly string[];
}

/**
 * Activates user-defined tags as cost allocation tags, so Cost Explorer, Budgets and the Cost and Usage Report can
 * group and filter by them. Activation is per account (in an AWS Organization, the management account's
 * activation counts: apply it there too), and AWS activates only a key it has already seen on a resource, up to a
 * day after the first tagged resource exists: the first apply of a new account may fail here and pass a day later.
 */
export class CostAllocationTags extends Construct {
  constructor(scope: Construct, id: string, props: CostAllocationTagsProps) {
    super(scope, id);
    for (const tagKey of [...props.tagKeys].sort()) {
      new CeCostAllocationTag(this, tagKey, { tagKey, status: 'Active' });
    }
  }
}
