import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { ESO_SESSION_TAGS } from '../../lib/naming';
import { policyDocument, type PolicyStatement } from './policy-document';

/** One reader role: which store may assume it, for which namespaces, and which secrets it reads. */
export interface SecretReaderSpec {
  readonly id: string;
  readonly roleName: string;
  readonly description: string;
  readonly storeKind: 'SecretStore' | 'ClusterSecretStore';
  readonly storeName: string;
  /** Namespaces of the ExternalSecrets allowed to use the role (the `esoNamespace` session tag). */
  readonly namespaces: readonly string[];
  /** Exactly the secrets the store's ExternalSecrets read. */
  readonly secretArns: readonly string[];
}

export interface SecretReadersProps {
  /** ARN of the External Secrets controller's role (Pod Identity): the only principal the readers trust. */
  readonly controllerRoleArn: string;
  readonly encryptionKeyArn: string;
  readonly region: string;
  readonly readers: readonly SecretReaderSpec[];
}

/** Actions External Secrets needs to read a secret (GetSecretValue and the describe calls of its refresh). */
export const SECRET_READ_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
  'secretsmanager:ListSecretVersionIds',
  'secretsmanager:GetResourcePolicy',
] as const;

/**
 * Reader roles for External Secrets: one per app (its SecretStore) and one for the platform (its
 * ClusterSecretStore). Each reads only its own secrets, and trusts only the controller's role, only when the
 * controller tagged the session with the role's store (kind and name) and one of its namespaces. Those tags
 * come from sessionTagsPolicy `Simple`: the controller derives them from the ExternalSecret being synced.
 */
export class SecretReaders extends Construct {
  readonly roles: IamRole[] = [];

  constructor(scope: Construct, id: string, props: SecretReadersProps) {
    super(scope, id);
    for (const reader of props.readers) {
      const tag = (key: string) => `aws:RequestTag/${key}`;
      const role = new IamRole(this, reader.id, {
        name: reader.roleName,
        description: reader.description,
        assumeRolePolicy: policyDocument(this, `${reader.id}-trust`, [
          {
            sid: 'ExternalSecretsForThisStoreOnly',
            actions: ['sts:AssumeRole', 'sts:TagSession'],
            principals: [{ type: 'AWS', identifiers: [props.controllerRoleArn] }],
            conditions: [
              { test: 'StringEquals', variable: tag(ESO_SESSION_TAGS.namespace), values: [...reader.namespaces] },
              { test: 'StringEquals', variable: tag(ESO_SESSION_TAGS.storeKind), values: [reader.storeKind] },
              { test: 'StringEquals', variable: tag(ESO_SESSION_TAGS.storeName), values: [reader.storeName] },
            ],
          },
        ]),
      });
      const statements: PolicyStatement[] = [
        { sid: 'ReadOwnSecrets', actions: [...SECRET_READ_ACTIONS], resources: [...reader.secretArns] },
        {
          sid: 'DecryptOwnSecrets',
          actions: ['kms:Decrypt'],
          resources: [props.encryptionKeyArn],
          conditions: [
            {
              test: 'StringEquals',
              variable: 'kms:ViaService',
              values: [`secretsmanager.${props.region}.amazonaws.com`],
            },
          ],
        },
      ];
      new IamRolePolicy(this, `${reader.id}-policy`, {
        role: role.name,
        name: 'read-secrets',
        policy: policyDocument(this, `${reader.id}-permissions`, statements),
      });
      this.roles.push(role);
    }
  }
}
