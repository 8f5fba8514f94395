export { createApp, WEBHOOK_PATH, type AppDeps } from './app.js';
export { loadConfig, type IngressConfig, type LogLevel } from './config.js';
export * from './errors.js';
export { createIngressMetrics, type IngressMetrics } from './metrics.js';
export { startIngress, createLogger, type IngressDeps, type RunningIngress } from './main.js';
export * from './stripe-signature.js';
