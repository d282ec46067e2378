export * from './bake';
export * from './commit-statuses';
export * from './gate';
