/** What a format parser knows besides the bytes. */
export interface ProbeInput {
  fileName: string;
  /** The whole file's size, when the caller knows it (a ranged read may return less). */
  fileSize: number | undefined;
  /** True when the bytes are the whole file, so anything missing from them is missing from the file. */
  complete: boolean;
}
