/** Bounds-checked little helpers over the first bytes of a file; out of range reads give undefined. */
export class Bytes {
  constructor(readonly data: Uint8Array) {}

  get length(): number {
    return this.data.length;
  }

  has(offset: number, count: number): boolean {
    return offset >= 0 && count >= 0 && offset + count <= this.data.length;
  }

  ascii(offset: number, count: number): string | undefined {
    if (!this.has(offset, count)) return undefined;
    return String.fromCharCode(...this.data.subarray(offset, offset + count));
  }

  u8(offset: number): number | undefined {
    return this.has(offset, 1) ? this.data[offset] : undefined;
  }

  u16le(offset: number): number | undefined {
    if (!this.has(offset, 2)) return undefined;
    return this.view().getUint16(offset, true);
  }

  u32le(offset: number): number | undefined {
    if (!this.has(offset, 4)) return undefined;
    return this.view().getUint32(offset, true);
  }

  u32be(offset: number): number | undefined {
    if (!this.has(offset, 4)) return undefined;
    return this.view().getUint32(offset, false);
  }

  /** Unsigned 64-bit little-endian as a number (exact up to 2^53, far beyond any audio file). */
  u64le(offset: number): number | undefined {
    const low = this.u32le(offset);
    const high = this.u32le(offset + 4);
    return low === undefined || high === undefined ? undefined : high * 2 ** 32 + low;
  }

  startsWith(offset: number, bytes: readonly number[]): boolean {
    return this.has(offset, bytes.length) && bytes.every((b, i) => this.data[offset + i] === b);
  }

  private view(): DataView {
    return new DataView(this.data.buffer, this.data.byteOffset, this.data.byteLength);
  }
}
