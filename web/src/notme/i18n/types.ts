import type { en } from './en';

export type NotMeKey = keyof typeof en;

/** One language's sentences of the "not me" page. */
export type NotMeCatalogue = Record<NotMeKey, string>;
