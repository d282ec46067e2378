export * from './charts';
export * from './gateway-api';
export * from './mesh-stack';
export * from './node-agent-waivers';
export * from './values';
