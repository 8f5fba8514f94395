export { createFirehoseLocal, OptionError, type FirehoseLocal, type FirehoseLocalOptions } from './firehose-local.js';
export type { FirehoseFaults } from './faults.js';
export type { Logger } from './logger.js';
export { FirehoseError, type FirehoseErrorType } from './errors.js';
export { readDeliveredLines, listDeliveredObjects } from './lake-reader.js';
export { objectKey } from './object-delivery.js';
export { loadConfig as loadFirehoseLocalConfig, ENV_VARIABLES, DEFAULT_PORT, type FirehoseLocalConfig } from './config.js';
export { StateLockedError } from './state-lock.js';
export { startSilentEndpoint, type SilentEndpoint } from './silent-endpoint.js';
