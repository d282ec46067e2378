export * from './all-policies';
export * from './encrypted-stores';
export * from './imdsv2-required';
export * from './no-iam-wildcard-admin';
export * from './private-buckets';
export * from './production-deletion-protection';
export * from './terraform-json';
export * from './violation';
