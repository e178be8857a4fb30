export * from './schema.js';
export * from './build.js';
export * from './validate.js';
