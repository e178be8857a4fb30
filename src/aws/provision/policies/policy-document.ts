/**
 * IAM-style policy documents (identity, trust, key and bucket policies) and the
 * one way we compare them. AWS hands policies back reformatted: IAM URL-encodes
 * them, S3 and KMS re-serialise them, and any of them may turn a one-element
 * list into a string. Drift is therefore decided on a canonical form, never on
 * the text.
 */
export type PolicyValue = string | string[];
export type Principal = '*' | Record<string, PolicyValue>;
export type ConditionBlock = Record<string, Record<string, PolicyValue>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Principal;
  NotPrincipal?: Principal;
  Action?: PolicyValue;
  NotAction?: PolicyValue;
  Resource?: PolicyValue;
  NotResource?: PolicyValue;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Id?: string;
  Statement: PolicyStatement[];
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Parses a policy as AWS returns it: plain JSON, or URL-encoded JSON (IAM). */
export function parsePolicyText(text: string): unknown {
  const trimmed = text.trim();
  return JSON.parse(trimmed.startsWith('{') ? trimmed : decodeURIComponent(trimmed).trim());
}

/**
 * A canonical JSON string for a policy: keys sorted, every string list sorted,
 * deduplicated and shown as a list (so `"s3:GetObject"` equals `["s3:GetObject"]`),
 * `Principal: "*"` equal to `{"AWS": "*"}`, and statements in a stable order
 * (statement order never changes what a policy means).
 */
export function canonicalPolicy(policy: unknown): string {
  return JSON.stringify(canonical(policy, ''));
}

export function policiesEqual(a: unknown, b: unknown): boolean {
  return canonicalPolicy(a) === canonicalPolicy(b);
}

/** Keys whose value is one string by grammar; every other string is a one-element list. */
const SCALAR_KEYS = new Set(['Version', 'Id', 'Sid', 'Effect']);

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function canonical(value: unknown, key: string): Json {
  if ((key === 'Principal' || key === 'NotPrincipal') && value === '*') return { AWS: ['*'] };
  if (Array.isArray(value)) {
    if (value.every(isScalar)) return [...new Set(value.map(String))].sort();
    const items = value.map((v) => canonical(v, key));
    return key === 'Statement'
      ? items.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))
      : items;
  }
  if (isScalar(value)) return SCALAR_KEYS.has(key) ? String(value) : [String(value)];
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const k of Object.keys(value).sort()) {
      out[k] = canonical((value as Record<string, unknown>)[k], k);
    }
    return out;
  }
  return (value ?? null) as Json;
}

/** Shorthand for a policy document with the 2012-10-17 grammar. */
export function policyDocument(statements: PolicyStatement[], id?: string): PolicyDocument {
  return { Version: '2012-10-17', ...(id === undefined ? {} : { Id: id }), Statement: statements };
}
