import { access, constants, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { userError } from '../../core/errors.js';

export const INSTALL_HINT = 'sudo apt-get install pocketsphinx pocketsphinx-en-us sox';

/** Where Debian's pocketsphinx-en-us (and a source build under /usr/local) put the model. */
export const MODEL_DIR_CANDIDATES: readonly string[] = [
  '/usr/share/pocketsphinx/model/en-us',
  '/usr/local/share/pocketsphinx/model/en-us',
];

/** The US English model: acoustic model directory, language model and pronunciation dictionary. */
export interface SpeechModel {
  hmm: string;
  lm: string;
  dict: string;
}

export interface SpeechTools {
  pocketsphinx: string;
  sox: string;
  model: SpeechModel;
}

export interface ToolOptions {
  pocketsphinxBin?: string;
  soxBin?: string;
  /** A directory holding `en-us/`, `en-us.lm.bin` and `cmudict-en-us.dict`. */
  modelDir?: string;
}

/**
 * Finds sox, pocketsphinx_continuous and the model, or says how to install
 * them. Checked before a job is recorded, so a missing package fails the
 * delivery (to be retried once installed) instead of failing the call for good.
 */
export async function findSpeechTools(options: ToolOptions): Promise<SpeechTools> {
  const pocketsphinx = await findExecutable(options.pocketsphinxBin ?? 'pocketsphinx_continuous');
  const sox = await findExecutable(options.soxBin ?? 'sox');
  const missing = [
    ...(pocketsphinx === undefined ? [options.pocketsphinxBin ?? 'pocketsphinx_continuous'] : []),
    ...(sox === undefined ? [options.soxBin ?? 'sox'] : []),
  ];
  if (pocketsphinx === undefined || sox === undefined) {
    throw userError(
      'MISSING_DEPENDENCY',
      `The local transcriber needs ${missing.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed (or not on PATH).`,
      { hint: INSTALL_HINT },
    );
  }
  const model = await findModel(options.modelDir);
  return { pocketsphinx, sox, model };
}

async function findModel(modelDir: string | undefined): Promise<SpeechModel> {
  const dirs = modelDir === undefined ? MODEL_DIR_CANDIDATES : [modelDir];
  for (const dir of dirs) {
    const model = {
      hmm: join(dir, 'en-us'),
      lm: join(dir, 'en-us.lm.bin'),
      dict: join(dir, 'cmudict-en-us.dict'),
    };
    if (
      (await isFile(join(model.hmm, 'mdef'))) &&
      (await isFile(model.lm)) &&
      (await isFile(model.dict))
    ) {
      return model;
    }
  }
  throw userError(
    'MISSING_DEPENDENCY',
    `The pocketsphinx US English model was not found (looked in ${dirs.join(', ')}).`,
    { hint: INSTALL_HINT },
  );
}

/** A path as given, or the first match on PATH. */
async function findExecutable(command: string): Promise<string | undefined> {
  const candidates = command.includes('/')
    ? [command]
    : (process.env['PATH'] ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, command));
  for (const file of candidates) {
    try {
      await access(file, constants.X_OK);
      if (await isFile(file)) return file;
    } catch {
      // not here; try the next directory
    }
  }
  return undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
