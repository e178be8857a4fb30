import { describe, expect, it } from 'vitest';
import {
  RESULT_STRUCTURE,
  duckdbType,
  emptyResultsSelect,
  jsonTransformStructure,
} from '../../../src/analytics/result-columns.js';
import {
  QaEvaluationSchema,
  ResultCriterionSchema,
  UnifiedResultSchema,
} from '../../../src/core/result/schema.js';

describe('result columns for DuckDB', () => {
  it('types every top-level field of the unified result', () => {
    expect(Object.keys(RESULT_STRUCTURE).sort()).toEqual(
      Object.keys(UnifiedResultSchema.shape).sort(),
    );
  });

  it('types every field of the QA evaluation and of a criterion', () => {
    const qa = RESULT_STRUCTURE.qa_evaluation as Record<string, unknown>;
    expect(Object.keys(qa).sort()).toEqual(Object.keys(QaEvaluationSchema.shape).sort());
    const [criterion] = qa.criteria as [Record<string, unknown>];
    expect(Object.keys(criterion).sort()).toEqual(Object.keys(ResultCriterionSchema.shape).sort());
  });

  it('renders nested DuckDB types with quoted field names', () => {
    expect(duckdbType({ id: 'VARCHAR', items: [{ ok: 'BOOLEAN' }] })).toBe(
      'STRUCT("id" VARCHAR, "items" STRUCT("ok" BOOLEAN)[])',
    );
  });

  it('gives json_transform a JSON structure without quotes to escape', () => {
    expect(JSON.parse(jsonTransformStructure())).toEqual(RESULT_STRUCTURE);
    expect(jsonTransformStructure()).not.toContain("'");
  });

  it('has an empty stand-in with every column', () => {
    const sql = emptyResultsSelect();
    for (const name of Object.keys(RESULT_STRUCTURE)) expect(sql).toContain(` AS ${name}`);
    expect(sql).toMatch(/WHERE false$/);
  });
});
