export { createFirehoseClient, sdkFirehosePort, type FirehosePort, type FailedRecord, type FirehoseClientOptions } from './firehose-port.js';
export * from './firehose-writer.js';
export { loadFirehoseTarget, firehoseEndpoint, LOCAL_CREDENTIALS, CREDENTIAL_VARIABLES, type FirehoseTarget } from './firehose-target.js';
