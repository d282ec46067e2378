export * from './format';
export * from './prometheus-api';
export * from './recommend';
export * from './usage';
