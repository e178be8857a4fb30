/** Synthesized audio headers for the probe tests: just enough bytes of each format. */

export function ascii(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

export function chunk(id: string, body: Uint8Array): Uint8Array {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  const pad = body.length % 2 === 1 ? new Uint8Array(1) : new Uint8Array(0);
  return concat(head, body, pad);
}

export interface WavSpec {
  channels?: number;
  sampleRate?: number;
  bits?: number;
  dataBytes?: number;
  /** Write WAVE_FORMAT_EXTENSIBLE with this many valid bits. */
  extensibleValidBits?: number;
  /** Chunks placed between fmt and data (LIST, fact ...). */
  between?: Uint8Array[];
  /** Chunks placed before fmt (JUNK, bext ...). */
  before?: Uint8Array[];
  /** Declared data size, when it should differ from the bytes written. */
  declaredDataBytes?: number;
}

export function fmtChunk(spec: WavSpec): Uint8Array {
  const channels = spec.channels ?? 2;
  const rate = spec.sampleRate ?? 8_000;
  const bits = spec.bits ?? 16;
  const block = channels * Math.ceil(bits / 8);
  const extensible = spec.extensibleValidBits !== undefined;
  const body = Buffer.alloc(extensible ? 40 : 16);
  body.writeUInt16LE(extensible ? 0xfffe : 1, 0);
  body.writeUInt16LE(channels, 2);
  body.writeUInt32LE(rate, 4);
  body.writeUInt32LE(rate * block, 8);
  body.writeUInt16LE(block, 12);
  body.writeUInt16LE(bits, 14);
  if (extensible) {
    body.writeUInt16LE(22, 16);
    body.writeUInt16LE(spec.extensibleValidBits ?? bits, 18);
    body.writeUInt32LE(channels === 2 ? 0x3 : 0x4, 20);
    // KSDATAFORMAT_SUBTYPE_PCM: 00000001-0000-0010-8000-00aa00389b71
    Buffer.from('0100000000001000800000aa00389b71', 'hex').copy(body, 24);
  }
  return chunk('fmt ', new Uint8Array(body));
}

export function wav(spec: WavSpec = {}): Uint8Array {
  const dataBytes = spec.dataBytes ?? 1_600;
  const dataHead = Buffer.alloc(8);
  dataHead.write('data', 0, 'latin1');
  dataHead.writeUInt32LE(spec.declaredDataBytes ?? dataBytes, 4);
  const body = concat(
    ascii('WAVE'),
    ...(spec.before ?? []),
    fmtChunk(spec),
    ...(spec.between ?? []),
    dataHead,
    new Uint8Array(dataBytes),
  );
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return concat(riff, body);
}

export function flac(spec: {
  rate: number;
  channels: number;
  bits: number;
  samples: number;
}): Uint8Array {
  const info = Buffer.alloc(34);
  info.writeUInt16BE(4096, 0);
  info.writeUInt16BE(4096, 2);
  // sample rate (20) | channels-1 (3) | bits-1 (5) | total samples (36)
  const hi = BigInt(spec.rate) << 44n;
  const packed =
    hi | (BigInt(spec.channels - 1) << 41n) | (BigInt(spec.bits - 1) << 36n) | BigInt(spec.samples);
  info.writeBigUInt64BE(packed, 10);
  const header = Buffer.from([0x80, 0x00, 0x00, 34]);
  return concat(ascii('fLaC'), new Uint8Array(header), new Uint8Array(info), new Uint8Array(64));
}

export function id3(size: number): Uint8Array {
  const head = Buffer.alloc(10);
  head.write('ID3', 0, 'latin1');
  head[3] = 4;
  let rest = size;
  for (let i = 9; i >= 6; i--) {
    head[i] = rest & 0x7f;
    rest >>= 7;
  }
  return concat(new Uint8Array(head), new Uint8Array(size));
}

/** MPEG-1 Layer III, 128 kbit/s, 44.1 kHz; `mono` sets the channel mode to single channel. */
export function mp3Frame(mono: boolean): Uint8Array {
  return concat(new Uint8Array([0xff, 0xfb, 0x90, mono ? 0xc4 : 0x44]), new Uint8Array(413));
}

export function oggPage(packet: Uint8Array): Uint8Array {
  const head = Buffer.alloc(27);
  head.write('OggS', 0, 'latin1');
  head[5] = 0x02;
  head[26] = 1;
  return concat(new Uint8Array(head), new Uint8Array([packet.length]), packet);
}

export function vorbisId(channels: number, rate: number): Uint8Array {
  const p = Buffer.alloc(30);
  p[0] = 1;
  p.write('vorbis', 1, 'latin1');
  p[11] = channels;
  p.writeUInt32LE(rate, 12);
  return new Uint8Array(p);
}

export function opusHead(channels: number, inputRate: number): Uint8Array {
  const p = Buffer.alloc(19);
  p.write('OpusHead', 0, 'latin1');
  p[8] = 1;
  p[9] = channels;
  p.writeUInt32LE(inputRate, 12);
  return new Uint8Array(p);
}

export function ftyp(brand: string): Uint8Array {
  const box = Buffer.alloc(24);
  box.writeUInt32BE(24, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(brand, 8, 'latin1');
  return concat(new Uint8Array(box), new Uint8Array(32));
}
