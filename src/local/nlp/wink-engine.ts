import winkNLP, { type ItemCustomEntity, type ItemEntity, type ItemSentence } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import nlp from 'compromise';

/**
 * The two local NLP libraries behind three small functions: wink-nlp for
 * sentence sentiment, noun phrases (POS patterns) and numeric/date entities,
 * compromise for people, places and organisations. The wink model takes a
 * moment to load, so it is loaded once, on first use.
 */

export interface FoundEntity {
  text: string;
  /** The library's own type (wink: DATE, MONEY, ...; compromise: PERSON, PLACE, ORGANIZATION). */
  type: string;
  source: 'wink' | 'compromise';
}

export interface NlpEngine {
  /** Sentiment of each sentence, in [-1, 1]. */
  sentenceSentiments(text: string): number[];
  /** Noun-phrase-like spans, lowercased. */
  nounPhrases(text: string): string[];
  entities(text: string): FoundEntity[];
}

type Wink = ReturnType<typeof winkNLP>;

const NOUN_PHRASE = 'noun_phrase';

let cached: Wink | undefined;

function wink(): Wink {
  if (!cached) {
    const instance = winkNLP(model);
    // Longest match wins, so "credit card" is found rather than "credit" and "card".
    instance.learnCustomEntities(
      [
        {
          name: NOUN_PHRASE,
          patterns: [
            '[NOUN|PROPN]',
            '[ADJ|NOUN|PROPN] [NOUN|PROPN]',
            '[ADJ|NOUN|PROPN] [ADJ|NOUN|PROPN] [NOUN|PROPN]',
          ],
        },
      ],
      { matchValue: false, usePOS: true, useEntity: false },
    );
    cached = instance;
  }
  return cached;
}

export function loadNlpEngine(): NlpEngine {
  const w = wink();
  const its = w.its;
  return {
    sentenceSentiments(text) {
      const scores: number[] = [];
      w.readDoc(text)
        .sentences()
        .each((s: ItemSentence) => {
          const value = Number(s.out(its.sentiment));
          scores.push(Number.isFinite(value) ? value : 0);
        });
      return scores;
    },
    nounPhrases(text) {
      const phrases: string[] = [];
      w.readDoc(text)
        .customEntities()
        .each((e: ItemCustomEntity) => {
          if (e.out(its.type) === NOUN_PHRASE) phrases.push(String(e.out(its.value)).toLowerCase());
        });
      return phrases;
    },
    entities(text) {
      const found: FoundEntity[] = [];
      w.readDoc(text)
        .entities()
        .each((e: ItemEntity) => {
          found.push({
            text: String(e.out(its.value)),
            type: String(e.out(its.type)),
            source: 'wink',
          });
        });
      return [...found, ...compromiseEntities(text)];
    },
  };
}

function compromiseEntities(text: string): FoundEntity[] {
  const doc = nlp(text);
  const groups: Array<[string, string[]]> = [
    ['PERSON', doc.people().out('array') as string[]],
    ['PLACE', doc.places().out('array') as string[]],
    ['ORGANIZATION', doc.organizations().out('array') as string[]],
  ];
  return groups.flatMap(([type, texts]) =>
    texts.map((t) => ({ text: t, type, source: 'compromise' as const })),
  );
}
