export * from './simulations-query.dto.js';
