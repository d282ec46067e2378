import { KmsAlias } from '@cdktn/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { Construct } from 'constructs';

export interface EncryptionKeyProps {
  /** Alias without the `alias/` prefix. */
  readonly alias: string;
  readonly description: string;
  /** Days before a scheduled deletion happens. */
  readonly deletionWindowDays: number;
  /** Region of the key. @default the provider's region */
  readonly region?: string;
}

/** A customer-managed KMS key with yearly rotation and a readable alias. */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays,
      region: props.region,
    });
    new KmsAlias(this, 'alias', {
      name: `alias/${props.alias}`,
      targetKeyId: this.key.keyId,
      region: props.region,
    });
  }

  get arn(): string {
    return this.key.arn;
  }
}
