export * from './schema.js';
export * from './resource-names.js';
export * from './tags.js';
