export * from './errors';
export * from './model/app-spec';
export * from './model/cluster';
export * from './model/environment';
export * from './model/release-pins';
export * from './naming';
export * from './model/defaults';
export * from './model/resolved-app';
