export * from './chart-catalog';
export * from './chart-installs';
export * from './format';
export * from './infra-facts';
export * from './kind-order';
export * from './simulate';
export * from './tree';
export * from './assumptions';
