export * from './docker-status.js';
export * from './docker-simulations.js';
export * from './error.js';
export * from './live.js';
export * from './runtime-health.js';
export * from './meta.js';
export * from './stats.js';
export * from './logs.js';
