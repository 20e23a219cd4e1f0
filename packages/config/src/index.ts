export { configSchema, type RawConfig } from './config.schema.js';
export { type Config, ConfigError, loadConfig } from './load-config.js';
