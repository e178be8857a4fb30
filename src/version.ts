import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// package.json sits one level above both src/ and dist/.
const pkg = require('../package.json') as { version: string };

export const VERSION: string = pkg.version;
