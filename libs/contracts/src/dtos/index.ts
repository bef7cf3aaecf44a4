export * from './simulations-query.dto.js';
export * from './subscribe.dto.js';
