import nlp from 'compromise';

type Lexicon = Record<string, string | string[] | undefined>;

const LEXICON: Lexicon = (nlp.model() as { one?: { lexicon?: Lexicon } }).one?.lexicon ?? {};

const NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person']);
/** Nouns and comparatives that are also names ("Baker", "Brown", "Hope"). */
const NOUNISH_TAGS = new Set(['Noun', 'Singular', 'Uncountable', 'ProperNoun', 'Comparative']);

/**
 * Words that end a name cue rather than fill it: "my name is fine", "i'm
 * calling", "this is the bank". Most non-names are also caught by compromise's
 * lexicon tags; this list covers conversational words the lexicon misses or
 * tags as nouns.
 */
export const NAME_STOP_WORDS = new Set(
  (
    'a an the and or but so to of in on at for with from by about as is are was were be been am i you he she ' +
    'it we they me my your his her our their this that these those there here not no yes yeah yep yup nope ok ' +
    'okay alright sure fine good great well just really very also still actually calling speaking going trying ' +
    'looking hoping wondering sorry afraid glad happy please thanks thank hello hi hey bye goodbye sir madam ' +
    "mam ma'am mate love dear customer agent account number phone email address card bank manager team " +
    'support department service company calling today tomorrow yesterday now then again back down up out over ' +
    'off into onto just only even too either neither whether if when where why how what who which whom whose ' +
    'gonna wanna gotta kind sort bit lot little um uh er erm ah hmm oh mhm right wrong correct problem ' +
    'question issue order bill payment refund name surname spelled spelt spelling same different new old ' +
    'first last full middle maiden family afternoon morning evening night everyone everybody someone somebody ' +
    'anyone anybody nobody guys folks mister missus miss mr mrs ms dr doctor speaker line hold holding ' +
    'pii'
  ).split(' '),
);

export function lexiconTags(word: string): string[] {
  const tags = LEXICON[word];
  if (tags === undefined) return [];
  return Array.isArray(tags) ? tags : [tags];
}

/**
 * How name-like a lowercase word is: a known first or last name, a word
 * compromise does not know (most foreign and rarer names), a noun that is also
 * a name, or something else (a verb, adjective, function word...).
 */
export type NameWordKind = 'known-name' | 'unknown' | 'noun' | 'other';

export function classifyNameWord(word: string): NameWordKind {
  if (word.length < 2 || !/^[a-z][a-z'-]*$/.test(word) || NAME_STOP_WORDS.has(word)) return 'other';
  if (/'(?:m|re|ve|ll|d|t|s)$/.test(word)) return 'other';
  const tags = lexiconTags(word);
  if (tags.some((t) => NAME_TAGS.has(t))) return 'known-name';
  if (tags.length === 0) return /(?:ly|ing|ed)$/.test(word) ? 'other' : 'unknown';
  return tags.some((t) => NOUNISH_TAGS.has(t)) ? 'noun' : 'other';
}

export function isHonorific(word: string): boolean {
  return ['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'mister', 'missus', 'prof', 'professor'].includes(
    word,
  );
}
