export * from './env.js';
export * from './cli.js';
