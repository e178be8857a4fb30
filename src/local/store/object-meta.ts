import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CciError } from '../../core/errors.js';

/** What the local object store keeps beside each object (S3 keeps it on the object). */
export const ObjectMetaSchema = z.object({
  contentType: z.string().optional(),
  metadata: z.record(z.string(), z.string()).default({}),
  tags: z.record(z.string(), z.string()).default({}),
});
export type ObjectMeta = z.output<typeof ObjectMetaSchema>;

/** An object put into the bucket directory by hand has no meta file: empty metadata and tags. */
export async function readObjectMeta(path: string): Promise<ObjectMeta> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { metadata: {}, tags: {} };
    throw err;
  }
  try {
    return ObjectMetaSchema.parse(JSON.parse(text));
  } catch (err) {
    throw new CciError('OBJECT_META_CORRUPT', `The metadata file ${path} is not readable.`, {
      cause: err,
      hint: 'Delete the file to reset the object metadata and tags.',
    });
  }
}
