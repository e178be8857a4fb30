/**
 * Collects every page of a Marker-style AWS list call (IAM, KMS). `fetch` gets
 * the marker of the next page (undefined for the first) and answers the page's
 * items and the next marker, undefined when this was the last page.
 */
export async function collectPages<T>(
  fetch: (
    marker: string | undefined,
  ) => Promise<{ items: readonly T[] | undefined; next: string | undefined }>,
): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  do {
    const page = await fetch(marker);
    all.push(...(page.items ?? []));
    marker = page.next;
  } while (marker !== undefined);
  return all;
}
