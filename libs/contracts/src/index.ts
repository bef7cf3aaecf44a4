export * from './phases.js';
export * from './meta.js';
export * from './events.js';
export * from './payloads/index.js';
export * from './dtos/index.js';
export * from './client/index.js';
export * from './validate.js';
export * from './counts.js';
