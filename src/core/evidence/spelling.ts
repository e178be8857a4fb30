/**
 * British and American spellings folded into one form on both sides of a
 * comparison (apologise/apologize, colour/color, cancelled/canceled,
 * centre/center). The folded form need not be a real word: it only has to be
 * the same for both spellings and different from other words.
 */

/** Stems spelt -our in British English; the folded form is -or. */
const OUR_STEMS = [
  'colour',
  'favour',
  'behaviour',
  'honour',
  'neighbour',
  'labour',
  'humour',
  'flavour',
  'harbour',
  'rumour',
  'savour',
  'endeavour',
  'armour',
  'odour',
  'parlour',
  'saviour',
  'candour',
  'demeanour',
  'fervour',
  'vigour',
  'valour',
  'splendour',
  'clamour',
  'rancour',
  'tumour',
];

/** Stems whose final l is doubled before -ed/-ing/-er in British English. */
const DOUBLE_L_STEMS = [
  'cancel',
  'travel',
  'label',
  'model',
  'fuel',
  'counsel',
  'signal',
  'total',
  'level',
  'marvel',
  'channel',
  'dial',
  'equal',
  'quarrel',
  'enrol',
  'instal',
];

/** Words whose spellings differ in other ways. */
const WHOLE_WORDS: Readonly<Record<string, string>> = {
  centre: 'center',
  centres: 'centers',
  metre: 'meter',
  metres: 'meters',
  litre: 'liter',
  litres: 'liters',
  theatre: 'theater',
  fibre: 'fiber',
  calibre: 'caliber',
  cheque: 'check',
  cheques: 'checks',
  programme: 'program',
  programmes: 'programs',
  catalogue: 'catalog',
  dialogue: 'dialog',
  licence: 'license',
  defence: 'defense',
  offence: 'offense',
  enrolment: 'enrollment',
  instalment: 'installment',
  instalments: 'installments',
  fulfil: 'fulfill',
  judgement: 'judgment',
  acknowledgement: 'acknowledgment',
  ageing: 'aging',
  grey: 'gray',
  tyre: 'tire',
  tyres: 'tires',
  aluminium: 'aluminum',
  cosy: 'cozy',
  sceptical: 'skeptical',
  plough: 'plow',
  mould: 'mold',
  manoeuvre: 'maneuver',
  jewellery: 'jewelry',
  ok: 'okay',
};

/** -ise/-yse families: "apologise", "organisation", "analysed" fold to the z-less form. */
const IZE = /(?<=\w{2})([iy])z(e|ed|es|er|ers|ing|ation|ations|able)$/;

export function foldSpelling(word: string): string {
  const whole = WHOLE_WORDS[word];
  if (whole) return whole;
  for (const stem of OUR_STEMS) {
    if (word.startsWith(stem)) return `${stem.slice(0, -2)}r${word.slice(stem.length)}`;
  }
  for (const stem of DOUBLE_L_STEMS) {
    if (
      word.startsWith(`${stem}l`) &&
      /^(ed|ing|er|ers|ation|ations)$/.test(word.slice(stem.length + 1))
    ) {
      return `${stem}${word.slice(stem.length + 1)}`;
    }
  }
  return word.replace(IZE, '$1s$2');
}
