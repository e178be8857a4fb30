/**
 * Contractions expanded to their full words, so "i'll" matches "i will" and
 * "can't" matches "cannot". Speech-to-text engines disagree on which form they
 * write, and some drop the apostrophe ("im", "dont"): only apostrophe-less forms
 * that are not English words themselves are expanded ("ill", "well", "were",
 * "its" are left alone).
 */

const WHOLE: Readonly<Record<string, string>> = {
  "can't": 'can not',
  cannot: 'can not',
  "won't": 'will not',
  "shan't": 'shall not',
  "ain't": 'is not',
  "let's": 'let us',
  "y'all": 'you all',
  "i'm": 'i am',
  "it's": 'it is',
  "that's": 'that is',
  "there's": 'there is',
  "here's": 'here is',
  "what's": 'what is',
  "where's": 'where is',
  "who's": 'who is',
  "how's": 'how is',
  "he's": 'he is',
  "she's": 'she is',
  "when's": 'when is',
  "why's": 'why is',
  // Apostrophe dropped by the recogniser or the writer.
  im: 'i am',
  ive: 'i have',
  youre: 'you are',
  youve: 'you have',
  youll: 'you will',
  theyre: 'they are',
  theyve: 'they have',
  theyll: 'they will',
  weve: 'we have',
  thats: 'that is',
  whats: 'what is',
  theres: 'there is',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  isnt: 'is not',
  arent: 'are not',
  wasnt: 'was not',
  werent: 'were not',
  havent: 'have not',
  hasnt: 'has not',
  hadnt: 'had not',
  cant: 'can not',
  couldnt: 'could not',
  wouldnt: 'would not',
  shouldnt: 'should not',
};

const SUFFIXES: ReadonlyArray<[string, string]> = [
  ["n't", ' not'],
  ["'ll", ' will'],
  ["'re", ' are'],
  ["'ve", ' have'],
  ["'d", ' would'],
  ["'m", ' am'],
];

/**
 * The words a (lowercased, apostrophe-normalised) word stands for. A possessive
 * "'s" is dropped with its apostrophe ("customer's" → "customers") so both
 * spellings meet.
 */
export function expandContraction(word: string): string[] {
  const whole = WHOLE[word];
  if (whole) return whole.split(' ');
  if (!word.includes("'")) return [word];
  for (const [suffix, replacement] of SUFFIXES) {
    if (word.endsWith(suffix) && word.length > suffix.length) {
      return `${word.slice(0, -suffix.length)}${replacement}`.split(' ');
    }
  }
  const bare = word.replace(/'/g, '');
  return bare ? [bare] : [];
}
