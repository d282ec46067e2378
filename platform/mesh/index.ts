export * from './charts';
export * from './mesh-stack';
export * from './node-agent-waivers';
export * from './values';
