import type { Column, Table, TableInput } from '@aws-sdk/client-glue';
import { change, sameJson } from './reconcile.js';

/**
 * What differs between a Glue table and the definition we want: description,
 * type, columns and partition keys (name and type, in order), location,
 * formats, SerDe and its parameters, and our table parameters (projection
 * settings are compared as a set: one we no longer want is drift too). Keys
 * others add to the table or SerDe parameters are not drift.
 */
export function tableChanges(current: Table, desired: TableInput): string[] {
  const sd = current.StorageDescriptor;
  const want = desired.StorageDescriptor;
  const pairs: Array<[string, unknown, unknown]> = [
    ['description', current.Description, desired.Description],
    ['table type', current.TableType, desired.TableType],
    ['columns', columns(sd?.Columns), columns(want?.Columns)],
    ['partition keys', columns(current.PartitionKeys), columns(desired.PartitionKeys)],
    ['location', sd?.Location, want?.Location],
    ['input format', sd?.InputFormat, want?.InputFormat],
    ['output format', sd?.OutputFormat, want?.OutputFormat],
    ['SerDe', sd?.SerdeInfo?.SerializationLibrary, want?.SerdeInfo?.SerializationLibrary],
  ];
  const changes = pairs
    .filter(([, from, to]) => !sameJson(from, to))
    .map(([what, from, to]) => change(what, from, to));
  changes.push(
    ...parameterChanges('SerDe parameter', sd?.SerdeInfo?.Parameters, want?.SerdeInfo?.Parameters),
    ...parameterChanges('parameter', current.Parameters, desired.Parameters, isProjectionKey),
  );
  return changes;
}

function columns(list: Column[] | undefined): string[] {
  return (list ?? []).map((c) => `${c.Name ?? ''} ${(c.Type ?? '').toLowerCase()}`);
}

function isProjectionKey(key: string): boolean {
  return key.startsWith('projection.') || key === 'storage.location.template';
}

/** Desired keys with another value; with `owned`, also owned keys that should not be there. */
function parameterChanges(
  what: string,
  current: Record<string, string> | undefined,
  desired: Record<string, string> | undefined,
  owned: (key: string) => boolean = () => false,
): string[] {
  const have = current ?? {};
  const want = desired ?? {};
  const changes = Object.entries(want)
    .filter(([key, value]) => have[key] !== value)
    .map(([key, value]) => change(`${what} ${key}`, have[key], value));
  for (const key of Object.keys(have)) {
    if (owned(key) && !(key in want)) changes.push(change(`${what} ${key}`, have[key], undefined));
  }
  return changes;
}
