import { describe, expect, it } from 'vitest';
import { normaliseText, normalisedWords } from '../../../src/core/evidence/normalise.js';
import { numberTokenWords } from '../../../src/core/evidence/number-words.js';
import { sameWord } from '../../../src/core/evidence/word-similarity.js';

const words = (text: string): string => normalisedWords(text).join(' ');

describe('normalisedWords', () => {
  it('lowercases and drops punctuation', () => {
    expect(words('Good morning, Thank You for calling!')).toBe(
      'good morning thank you for calling',
    );
  });

  it('expands contractions, with or without the apostrophe', () => {
    expect(words("I'll")).toBe('i will');
    expect(words('I’m sorry')).toBe('i am sorry');
    expect(words('im sorry')).toBe('i am sorry');
    expect(words("we've can't won't don't")).toBe('we have can not will not do not');
    expect(words('cannot')).toBe('can not');
    expect(words("that's it's let's")).toBe('that is it is let us');
  });

  it('leaves real words that look like contractions alone', () => {
    expect(words('ill well were its')).toBe('ill well were its');
  });

  it('drops the apostrophe of a possessive so both spellings meet', () => {
    expect(words("the customer's account")).toBe(words('the customers account'));
  });

  it('writes digits as the words speech-to-text uses', () => {
    expect(words('within 3 business days')).toBe('within three business days');
    expect(words('24 hours')).toBe('twenty four hours');
    expect(words('on the 21st')).toBe('on the twenty first');
    expect(words('1,500 pounds')).toBe('one thousand five hundred pounds');
    expect(words('£20.50')).toBe('twenty pounds fifty');
    expect(words('$5')).toBe('five dollars');
    expect(words('10%')).toBe('ten percent');
    expect(words('a hundred and five')).toBe('one hundred five');
  });

  it('reads codes with a leading zero digit by digit', () => {
    expect(numberTokenWords('007')).toEqual(['zero', 'zero', 'seven']);
    expect(numberTokenWords('2nd')).toEqual(['second']);
    expect(numberTokenWords('12th')).toEqual(['twelfth']);
    expect(numberTokenWords('30th')).toEqual(['thirtieth']);
  });

  it('folds British and American spellings together', () => {
    expect(words('I apologise')).toBe(words('I apologize'));
    expect(words('apologised')).toBe(words('apologized'));
    expect(words('colour favourite')).toBe(words('color favorite'));
    expect(words('cancelled')).toBe(words('canceled'));
    expect(words('the centre')).toBe(words('the center'));
    expect(words('organisation')).toBe(words('organization'));
    expect(words('size')).toBe('size');
  });

  it('drops hesitations and keeps the redaction marker as one token', () => {
    expect(words('um my number is uh [PII] okay')).toBe('my number is <pii> okay');
  });

  it('maps every token back to its source word', () => {
    const text = "Hi, I'll send it.";
    const norm = normaliseText(text);
    const sources = norm.tokens.map((t) => {
      const w = norm.words[t.word]!;
      return text.slice(w.start, w.end);
    });
    expect(sources).toEqual(['Hi', "I'll", "I'll", 'send', 'it']);
  });
});

describe('sameWord', () => {
  it('accepts a small recognition error in a long word', () => {
    expect(sameWord('recorded', 'recordid')).toBe(true);
    expect(sameWord('thank', 'thanks')).toBe(true);
    expect(sameWord('apologies', 'apologise')).toBe(true);
  });

  it('keeps short words, numbers and negations exact', () => {
    expect(sameWord('call', 'cell')).toBe(false);
    expect(sameWord('fifteen', 'fifty')).toBe(false);
    expect(sameWord('seventeen', 'seventy')).toBe(false);
    expect(sameWord('never', 'fever')).toBe(false);
    expect(sameWord('recorded', 'recording')).toBe(false);
  });
});
