export * from './check-contract';
export * from './infra-names';
export * from './references';
