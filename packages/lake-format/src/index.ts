export * from './archive-schema.js';
export * from './archive-record.js';
export * from './event-type.js';
export * from './firehose-limits.js';
export * from './partition-layout.js';
export * from './analytics-names.js';
export * from './refusal-codes.js';
export * from './webhook-path.js';
