export * from './diff-resources';
export * from './diff-tree';
export * from './field-changes';
export * from './format-markdown';
export * from './git';
export * from './resources';
