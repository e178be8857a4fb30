import { fileURLToPath } from 'node:url';
import { readJsonFile } from '../io/json-file.js';
import { validateQaTemplate } from '../core/qa-template/validate.js';
import type { QaTemplate } from '../core/qa-template/schema.js';

/**
 * Files shipped beside the code (`templates/`). This module sits two levels
 * below the package root both as source (src/local) and built (dist/local).
 */
export function bundledPath(relativePath: string): string {
  return fileURLToPath(new URL(`../../${relativePath}`, import.meta.url));
}

export const DEFAULT_TEMPLATE_FILE = 'templates/qa/default.json';

/** The default QA template of guide §4, which every new tenant gets as v1. */
export async function loadDefaultTemplate(): Promise<QaTemplate> {
  const file = bundledPath(DEFAULT_TEMPLATE_FILE);
  return validateQaTemplate(await readJsonFile(file), `QA template ${file}`);
}
