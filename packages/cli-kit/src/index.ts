export * from './cli.js';
export * from './instant.js';
export * from './durations.js';
export * from './progress-line.js';
export * from './user-cwd.js';
export * from './ctrl-c.js';
export * from './process-runner.js';
