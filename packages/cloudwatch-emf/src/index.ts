export * from './emf-unit.js';
export * from './emf-line.js';
export * from './metric-family.js';
