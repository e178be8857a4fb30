import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { QaTemplateSchema, type QaTemplate } from '../../../src/core/qa-template/schema.js';
import type { Transcript } from '../../../src/core/transcript/model.js';
import type { QaAnswer } from '../../../src/core/llm/qa-answer-schema.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/llm/', import.meta.url));

/** A fresh parsed copy of an LLM fixture, safe to mutate in a test. */
export function loadLlmFixture(name: string): unknown {
  return JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as unknown;
}

export function loadTemplate(): QaTemplate {
  return QaTemplateSchema.parse(loadLlmFixture('qa-template'));
}

export function loadTranscript(): Transcript {
  return loadLlmFixture('transcript') as Transcript;
}

export function validAnswer(): QaAnswer {
  return loadLlmFixture('answer-valid') as QaAnswer;
}

export function templateWith(criteria: unknown[]): QaTemplate {
  return QaTemplateSchema.parse({
    id: 'test',
    version: 'v1',
    criteria,
    scoring: { pass_threshold: 0.5 },
  });
}
