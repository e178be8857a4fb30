import { readFileSync } from 'node:fs';
import { CciError } from '../../../core/errors.js';
import type { PolicyDocument, PolicyStatement } from './policy-document.js';

/**
 * Policy templates live in `templates/iam/` and `templates/kms/` as JSON with
 * `${Name}` placeholders. Rendering walks the parsed JSON (never the text, so a
 * value cannot break out of its string):
 * - a string that is exactly `${Name}` with a list value becomes that list
 *   (flattened into a surrounding list);
 * - other `${Name}` occurrences are replaced by the string value;
 * - `${aws:...}`, `${kms:...}` and other names with a colon are IAM policy
 *   variables and are left for AWS to resolve;
 * - a statement left with an empty Principal, Action or Resource list is
 *   dropped: it would grant nothing, and AWS rejects empty lists (this is how an
 *   optional statement such as the key administrators is left out).
 */
export type TemplateValue = string | readonly string[];
export type TemplateVars = Readonly<Record<string, TemplateValue>>;

/** `templates/` of the package, from src/aws/provision/policies or dist/aws/provision/policies. */
const TEMPLATES = new URL('../../../../templates/', import.meta.url);

export function loadPolicyTemplate(relativePath: string): unknown {
  const url = new URL(relativePath, TEMPLATES);
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as unknown;
  } catch (err) {
    throw new CciError(
      'POLICY_TEMPLATE',
      `Cannot read policy template templates/${relativePath}.`,
      {
        cause: err,
      },
    );
  }
}

export function renderPolicyTemplate(relativePath: string, vars: TemplateVars): PolicyDocument {
  const rendered = renderValue(loadPolicyTemplate(relativePath), vars, relativePath);
  if (!isPolicyShape(rendered)) {
    throw new CciError('POLICY_TEMPLATE', `templates/${relativePath} is not a policy document.`);
  }
  return { ...rendered, Statement: rendered.Statement.filter(grantsSomething) };
}

const PLACEHOLDER = /\$\{([^}]+)\}/g;
const WHOLE_PLACEHOLDER = /^\$\{([^}:]+)\}$/;

function renderValue(value: unknown, vars: TemplateVars, file: string): unknown {
  if (typeof value === 'string') return renderString(value, vars, file);
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      const out = renderValue(item, vars, file);
      return Array.isArray(out) ? out : [out];
    });
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, renderValue(v, vars, file)]),
    );
  }
  return value;
}

function renderString(text: string, vars: TemplateVars, file: string): unknown {
  const whole = WHOLE_PLACEHOLDER.exec(text);
  if (whole?.[1] !== undefined) {
    const v = lookup(whole[1], vars, file);
    return typeof v === 'string' ? v : [...v];
  }
  return text.replace(PLACEHOLDER, (match, name: string) => {
    if (name.includes(':')) return match;
    const v = lookup(name, vars, file);
    if (typeof v !== 'string') {
      throw new CciError(
        'POLICY_TEMPLATE',
        `templates/${file}: \${${name}} is a list; use it as a whole value.`,
      );
    }
    return v;
  });
}

function lookup(name: string, vars: TemplateVars, file: string): TemplateValue {
  const v = vars[name];
  if (v === undefined) {
    throw new CciError(
      'POLICY_TEMPLATE',
      `templates/${file} uses \${${name}}, which has no value.`,
    );
  }
  return v;
}

function isPolicyShape(v: unknown): v is PolicyDocument {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { Version?: unknown }).Version === '2012-10-17' &&
    Array.isArray((v as { Statement?: unknown }).Statement)
  );
}

function grantsSomething(statement: PolicyStatement): boolean {
  const lists: unknown[] = [statement.Action, statement.Resource];
  if (statement.Principal !== undefined && statement.Principal !== '*') {
    lists.push(...Object.values(statement.Principal));
  }
  return !lists.some((v) => Array.isArray(v) && v.length === 0);
}
