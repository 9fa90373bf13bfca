import type { en } from './en';

/** A text that depends on a number: one form per plural category of the language (`Intl.PluralRules`). */
export type PluralText = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export type MessageKey = keyof typeof en;

/** One language's sentences: a plain text, or plural forms where English has them. */
export type Catalogue = { [K in MessageKey]: (typeof en)[K] extends string ? string : PluralText };
