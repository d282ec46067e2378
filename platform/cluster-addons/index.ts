export * from './charts';
export * from './cluster-addons-stack';
export * from './storage-class';
export * from './values';
