import { describe, expect, it } from 'vitest';
import { CciError } from '../../../src/core/errors.js';
import {
  AUDIO_PROBE_BYTES,
  probeAudioHeader,
  SUPPORTED_AUDIO_EXTENSIONS,
} from '../../../src/core/audio/index.js';
import {
  ascii,
  chunk,
  concat,
  flac,
  ftyp,
  id3,
  mp3Frame,
  oggPage,
  opusHead,
  vorbisId,
  wav,
} from './headers.js';

function rejection(fn: () => unknown): CciError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CciError) return err;
    throw err;
  }
  throw new Error('expected the probe to throw');
}

describe('probeAudioHeader: WAV', () => {
  it('reads channels, rate, bits and duration of a plain PCM WAV', () => {
    const probe = probeAudioHeader(
      wav({ channels: 2, sampleRate: 8_000, dataBytes: 32_000 }),
      'a.wav',
    );
    expect(probe).toEqual({
      format: 'wav',
      channels: 2,
      sampleRateHz: 8_000,
      bitsPerSample: 16,
      durationMs: 1_000,
    });
  });

  it('skips LIST, JUNK and odd-sized chunks around fmt', () => {
    const bytes = wav({
      channels: 1,
      sampleRate: 16_000,
      dataBytes: 16_000,
      before: [chunk('JUNK', new Uint8Array(27))],
      between: [
        chunk('LIST', ascii('INFOISFT\u0005\u0000\u0000\u0000Lavf\u0000')),
        chunk('fact', new Uint8Array(4)),
      ],
    });
    expect(probeAudioHeader(bytes, 'mono.wav')).toMatchObject({
      channels: 1,
      sampleRateHz: 16_000,
      durationMs: 500,
    });
  });

  it('reads WAVE_FORMAT_EXTENSIBLE with its valid bits', () => {
    const bytes = wav({
      channels: 2,
      sampleRate: 48_000,
      bits: 24,
      extensibleValidBits: 20,
      dataBytes: 288_000,
    });
    expect(probeAudioHeader(bytes, 'hd.WAV')).toEqual({
      format: 'wav',
      channels: 2,
      sampleRateHz: 48_000,
      bitsPerSample: 20,
      durationMs: 1_000,
    });
  });

  it('bounds the duration by the file size when the data size is a streaming placeholder', () => {
    const bytes = wav({
      channels: 1,
      sampleRate: 8_000,
      dataBytes: 800,
      declaredDataBytes: 0xffffffff,
    });
    expect(probeAudioHeader(bytes, 's.wav', { fileSize: 44 + 16_000 }).durationMs).toBe(1_000);
    expect(probeAudioHeader(bytes, 's.wav').durationMs).toBeUndefined();
  });

  it('reads only the header: a ranged read of a long file still gives the declared duration', () => {
    const bytes = wav({
      channels: 2,
      sampleRate: 8_000,
      dataBytes: 100,
      declaredDataBytes: 32_000 * 60,
    });
    expect(probeAudioHeader(bytes, 'long.wav', { fileSize: 44 + 32_000 * 60 }).durationMs).toBe(
      60_000,
    );
  });

  it('leaves the duration open when the data chunk lies beyond the bytes read', () => {
    const bytes = wav({ between: [chunk('LIST', new Uint8Array(AUDIO_PROBE_BYTES))] });
    const head = bytes.subarray(0, AUDIO_PROBE_BYTES);
    expect(probeAudioHeader(head, 'tagged.wav')).toMatchObject({
      channels: 2,
      sampleRateHz: 8_000,
    });
    expect(probeAudioHeader(head, 'tagged.wav').durationMs).toBeUndefined();
  });

  it('takes the content over the extension', () => {
    expect(probeAudioHeader(wav(), 'misnamed.mp3').format).toBe('wav');
  });
});

describe('probeAudioHeader: other formats', () => {
  it('FLAC: STREAMINFO gives channels, rate, bits and duration', () => {
    const bytes = flac({ rate: 16_000, channels: 2, bits: 16, samples: 48_000 });
    expect(probeAudioHeader(bytes, 'a.flac')).toEqual({
      format: 'flac',
      channels: 2,
      sampleRateHz: 16_000,
      bitsPerSample: 16,
      durationMs: 3_000,
    });
  });

  it('FLAC behind an ID3 tag', () => {
    const bytes = concat(id3(100), flac({ rate: 8_000, channels: 1, bits: 16, samples: 8_000 }));
    expect(probeAudioHeader(bytes, 'a.flac')).toMatchObject({
      format: 'flac',
      channels: 1,
      durationMs: 1_000,
    });
  });

  it('MP3: the first frame header gives rate and mono/stereo, after an ID3 tag', () => {
    expect(probeAudioHeader(concat(id3(200), mp3Frame(true)), 'a.mp3')).toEqual({
      format: 'mp3',
      channels: 1,
      sampleRateHz: 44_100,
    });
    expect(probeAudioHeader(mp3Frame(false), 'b.mp3')).toMatchObject({ channels: 2 });
  });

  it('MP3 whose ID3 tag (cover art) runs past the bytes read', () => {
    const head = id3(AUDIO_PROBE_BYTES * 2).subarray(0, AUDIO_PROBE_BYTES);
    expect(probeAudioHeader(head, 'art.mp3')).toEqual({ format: 'mp3' });
  });

  it('Ogg Vorbis and Ogg Opus', () => {
    expect(probeAudioHeader(oggPage(vorbisId(2, 22_050)), 'a.ogg')).toEqual({
      format: 'ogg',
      channels: 2,
      sampleRateHz: 22_050,
    });
    expect(probeAudioHeader(oggPage(opusHead(1, 8_000)), 'b.ogg')).toEqual({
      format: 'ogg',
      channels: 1,
      sampleRateHz: 48_000,
    });
  });

  it('MP4 / M4A by their ftyp box, WebM by EBML, AMR by its magic', () => {
    expect(probeAudioHeader(ftyp('isom'), 'a.mp4')).toEqual({ format: 'mp4' });
    expect(probeAudioHeader(ftyp('M4A '), 'a.mp4')).toEqual({ format: 'm4a' });
    expect(probeAudioHeader(ftyp('mp42'), 'a.m4a')).toEqual({ format: 'm4a' });
    const webm = concat(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3]), new Uint8Array(40));
    expect(probeAudioHeader(webm, 'a.webm')).toEqual({ format: 'webm' });
    expect(probeAudioHeader(concat(ascii('#!AMR\n'), new Uint8Array(32)), 'a.amr')).toEqual({
      format: 'amr',
      channels: 1,
      sampleRateHz: 8_000,
    });
    expect(
      probeAudioHeader(concat(ascii('#!AMR-WB\n'), new Uint8Array(32)), 'b.amr'),
    ).toMatchObject({
      sampleRateHz: 16_000,
    });
  });

  it('exports the extensions Transcribe accepts', () => {
    expect([...SUPPORTED_AUDIO_EXTENSIONS].sort()).toEqual(
      ['amr', 'flac', 'm4a', 'mp3', 'mp4', 'ogg', 'wav', 'webm'].sort(),
    );
  });
});

describe('probeAudioHeader: rejects with a readable reason', () => {
  it.each([
    ['an empty file', new Uint8Array(), 'call.wav', 'EMPTY_AUDIO', /empty/],
    ['a WAV with no samples', wav({ dataBytes: 0 }), 'call.wav', 'EMPTY_AUDIO', /no audio samples/],
    [
      'a PDF renamed .wav',
      concat(ascii('%PDF-1.7\n'), new Uint8Array(64)),
      'call.wav',
      'CORRUPT_AUDIO',
      /PDF document/,
    ],
    [
      'a JPEG renamed .mp3',
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
      'call.mp3',
      'CORRUPT_AUDIO',
      /JPEG image/,
    ],
    [
      'a text file renamed .wav',
      ascii('Customer: hello, my card number is ...\n'),
      'call.wav',
      'CORRUPT_AUDIO',
      /looks like text/,
    ],
    [
      'an AVI renamed .wav',
      concat(ascii('RIFF'), new Uint8Array(4), ascii('AVI LIST')),
      'call.wav',
      'CORRUPT_AUDIO',
      /"AVI"/,
    ],
    [
      'random bytes',
      new Uint8Array([0x01, 0x02, 0x03, 0x9f, 0x00, 0xfe]),
      'call.flac',
      'CORRUPT_AUDIO',
      /binary data/,
    ],
    ['a text file', ascii('hello'), 'notes.txt', 'UNSUPPORTED_AUDIO', /"\.txt"/],
    ['no extension', wav(), 'call', 'UNSUPPORTED_AUDIO', /no file extension/],
    ['a 96 kHz WAV', wav({ sampleRate: 96_000 }), 'hifi.wav', 'UNSUPPORTED_AUDIO', /96000 Hz/],
    ['a 4 kHz WAV', wav({ sampleRate: 4_000 }), 'lofi.wav', 'UNSUPPORTED_AUDIO', /4000 Hz/],
    [
      'a 6 kHz FLAC',
      flac({ rate: 6_000, channels: 1, bits: 16, samples: 10 }),
      'a.flac',
      'UNSUPPORTED_AUDIO',
      /6000 Hz/,
    ],
    ['a truncated WAV header', wav().subarray(0, 30), 'cut.wav', 'CORRUPT_AUDIO', /cut short/],
    ['a WAV of 10 bytes', wav().subarray(0, 10), 'cut.wav', 'CORRUPT_AUDIO', /10 bytes/],
    [
      'a WAV without a data chunk',
      wav().subarray(0, 36),
      'nodata.wav',
      'CORRUPT_AUDIO',
      /data chunk is missing/,
    ],
    [
      'a truncated FLAC header',
      flac({ rate: 8_000, channels: 1, bits: 16, samples: 1 }).subarray(0, 20),
      'cut.flac',
      'CORRUPT_AUDIO',
      /cut short/,
    ],
    ['a WAV declaring 0 channels', wav({ channels: 0 }), 'zero.wav', 'CORRUPT_AUDIO', /0 channels/],
  ])('%s', (_what, bytes, name, code, reason) => {
    const err = rejection(() => probeAudioHeader(bytes, name));
    expect(err.code).toBe(code);
    expect(err.fault).toBe('user');
    expect(err.message).toContain(`"${name}"`);
    expect(err.message).toMatch(reason);
    expect(err.hint).toBeTruthy();
  });

  it('a WAV whose data comes before fmt', () => {
    const body = concat(
      ascii('WAVE'),
      chunk('data', new Uint8Array(8)),
      chunk('fmt ', new Uint8Array(16)),
    );
    const riff = concat(ascii('RIFF'), new Uint8Array([body.length, 0, 0, 0]), body);
    expect(rejection(() => probeAudioHeader(riff, 'x.wav')).message).toMatch(/before the format/);
  });

  it('an empty file is empty even when only its size says so', () => {
    expect(rejection(() => probeAudioHeader(new Uint8Array(), 'x.ogg', { fileSize: 0 })).code).toBe(
      'EMPTY_AUDIO',
    );
  });
});
