import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Construct } from 'constructs';

export interface AppSecretsProps {
  /** Secret name -> the apps that read it (for the description). */
  readonly secrets: ReadonlyMap<string, readonly string[]>;
  readonly encryptionKeyArn: string;
  readonly recoveryWindowDays: number;
}

/**
 * The Secrets Manager secrets the apps' ExternalSecrets read. Only the secrets: their values are set outside
 * git (console or CLI), so Terraform never holds them.
 */
export class AppSecrets extends Construct {
  readonly secrets: SecretsmanagerSecret[] = [];

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    for (const name of [...props.secrets.keys()].sort()) {
      const apps = props.secrets.get(name) ?? [];
      this.secrets.push(
        new SecretsmanagerSecret(this, name.replace(/[^A-Za-z0-9_-]/g, '_'), {
          name,
          description: `Secret values of ${apps.join(', ')}; set outside git`,
          kmsKeyId: props.encryptionKeyArn,
          recoveryWindowInDays: props.recoveryWindowDays,
        }),
      );
    }
  }
}
