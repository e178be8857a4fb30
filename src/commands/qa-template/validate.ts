import { resolve } from 'node:path';
import { defineCommand } from '../command.js';
import { readJsonFile } from '../../io/json-file.js';
import { validateQaTemplate } from '../../core/qa-template/validate.js';
import type { QaTemplate } from '../../core/qa-template/schema.js';
import { renderTable } from '../../ui/table.js';

export const qaTemplateValidateCommand = defineCommand({
  path: ['qa-template', 'validate'],
  summary: 'Check a QA template file against the schema and print its criteria',
  help: [
    '',
    'Checks ids are unique, weights > 0, pass_threshold in (0, 1], no empty text and',
    'no unknown keys; every problem is named by criterion and field. Exit code 0 when',
    'valid, 2 when not.',
    '',
    'Example:',
    '  $ cci-lite qa-template validate templates/qa/default.json',
  ].join('\n'),
  configure: (cmd) => cmd.argument('<file>', 'QA template JSON file'),
  async run(ctx, args) {
    const file = resolve(ctx.cwd, String(args[0]));
    const template = validateQaTemplate(await readJsonFile(file), `QA template ${file}`);
    ctx.reporter.result({ ok: true, file, template: describeTemplate(template) }, (style) =>
      [
        style.green(`✔ ${file} is a valid QA template`),
        `id ${template.id}, version ${template.version}, pass threshold ${template.scoring.pass_threshold}`,
        renderTable(
          ['criterion', 'weight', 'required', 'evidence rules', 'applies if'],
          template.criteria.map((c) => [
            c.id,
            c.weight,
            c.required ? 'yes' : 'no',
            c.evidence?.length ?? 'LLM',
            c.applies_if ? 'conditional' : 'always',
          ]),
        ),
      ].join('\n'),
    );
  },
});

function describeTemplate(t: QaTemplate): Record<string, unknown> {
  return {
    id: t.id,
    version: t.version,
    pass_threshold: t.scoring.pass_threshold,
    total_weight: t.criteria.reduce((sum, c) => sum + c.weight, 0),
    criteria: t.criteria.map((c) => ({
      id: c.id,
      weight: c.weight,
      required: c.required,
      evidence_rules: c.evidence?.length ?? 0,
      conditional: c.applies_if !== undefined,
    })),
  };
}
