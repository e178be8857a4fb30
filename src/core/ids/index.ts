export * from './tenant-id.js';
export * from './call-id.js';
export * from './call-date.js';
