export { configSchema, FAKE_PROVIDER_NAMES, type FakeProvider, type RawConfig } from './config.schema.js';
export { defaultOf, renderEnvExample, SECRET_PATTERN } from './env-example.js';
export { type Config, ConfigError, loadConfig, PROVIDER_VARIABLES } from './load-config.js';
export { timeZoneOf } from './time-zone.js';
