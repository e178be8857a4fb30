import type { Tag } from '../../../core/config/tags.js';

/**
 * Tag reconciliation shared by every step: the guide's tags must be present
 * with the right values; tags someone else added are left alone.
 */
export function missingTags(desired: readonly Tag[], current: readonly Tag[]): Tag[] {
  const have = new Map(current.map((t) => [t.Key, t.Value]));
  return desired.filter((t) => have.get(t.Key) !== t.Value);
}

/** `tags: Component, Version` for a plan line; undefined when nothing is missing. */
export function tagChange(missing: readonly Tag[]): string | undefined {
  return missing.length === 0 ? undefined : `tags: ${missing.map((t) => t.Key).join(', ')}`;
}

/**
 * The full tag set to write where an API replaces all tags (S3 PutBucketTagging):
 * the current tags with the desired ones applied. `aws:` tags are AWS-managed
 * and cannot be written back, so they are left out.
 */
export function mergeTags(current: readonly Tag[], desired: readonly Tag[]): Tag[] {
  const merged = new Map(
    current.filter((t) => !t.Key.startsWith('aws:')).map((t) => [t.Key, t.Value]),
  );
  for (const t of desired) merged.set(t.Key, t.Value);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

/** SDK tag lists have optional members; keep the complete ones. */
export function definedTags<T extends { Key?: string; Value?: string }>(
  tags: readonly T[] | undefined,
): Tag[] {
  return (tags ?? []).flatMap((t) =>
    t.Key === undefined ? [] : [{ Key: t.Key, Value: t.Value ?? '' }],
  );
}
