import type { Locale } from '../join/flow';
import { ar } from './i18n/ar';
import { de } from './i18n/de';
import { en } from './i18n/en';
import { es } from './i18n/es';
import { fr } from './i18n/fr';
import { it } from './i18n/it';
import { nl } from './i18n/nl';
import { pl } from './i18n/pl';
import { pt } from './i18n/pt';
import { tr } from './i18n/tr';

import type { NotMeCatalogue, NotMeKey } from './i18n/types';

export type { NotMeCatalogue, NotMeKey };

/** Every sentence of the "not me" page, one file per language under i18n/ (a test checks each has every key). */
export const notMeCatalogues: Record<Locale, NotMeCatalogue> = { en, es, fr, de, it, pt, nl, pl, tr, ar };

export const notMeLocales = Object.keys(notMeCatalogues) as Locale[];

export type NotMeTranslate = ((key: NotMeKey) => string) & { locale: Locale };

export function notMeTranslator(locale: Locale): NotMeTranslate {
  const catalogue = notMeCatalogues[locale] ?? notMeCatalogues.en;
  const t = ((key: NotMeKey) => catalogue[key]) as NotMeTranslate;
  t.locale = locale;
  return t;
}
