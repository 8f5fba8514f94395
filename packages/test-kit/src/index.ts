export * from './fake-firehose.js';
export * from './stripe-signer.js';
export * from './load.js';
export * from './stripe-fixtures.js';
export * from './process.js';
export * from './lake-writer.js';
