export * from './rest-client.js';
export * from './reduce.js';
export * from './live-inventory.js';
