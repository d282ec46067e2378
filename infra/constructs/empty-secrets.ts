import { SecretsmanagerSecret } from '@cdktn/provider-aws/lib/secretsmanager-secret';
import { Construct } from 'constructs';
import { tagsOf } from './cost-allocation';

export interface EmptySecretsProps {
  /** Secret name -> its description (who reads it, which JSON properties it holds). */
  readonly secrets: ReadonlyMap<string, string>;
  readonly encryptionKeyArn: string;
  readonly recoveryWindowDays: number;
  /** Cost allocation tags per secret name (its app and team), over the default tags. @default none */
  readonly tags?: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/**
 * Secrets Manager secrets that ExternalSecrets read (the apps' and the platform components'). Only the
 * secrets: their values are set outside git (console or CLI), so Terraform never holds them.
 */
export class EmptySecrets extends Construct {
  readonly secrets: SecretsmanagerSecret[] = [];
  /** Each secret's ARN (a Terraform reference) by its name. */
  readonly arnsByName = new Map<string, string>();

  constructor(scope: Construct, id: string, props: EmptySecretsProps) {
    super(scope, id);
    for (const name of [...props.secrets.keys()].sort()) {
      const secret = new SecretsmanagerSecret(this, name.replace(/[^A-Za-z0-9_-]/g, '_'), {
        name,
        description: props.secrets.get(name),
        kmsKeyId: props.encryptionKeyArn,
        recoveryWindowInDays: props.recoveryWindowDays,
        ...tagsOf(props.tags, name),
      });
      this.secrets.push(secret);
      this.arnsByName.set(name, secret.arn);
    }
  }
}
