import { direction } from '../common/direction';
import type { Locale } from './flow';
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
import type { Catalogue, MessageKey, PluralText } from './i18n/types';

export type { Catalogue, MessageKey, PluralText };

/** Every sentence of the customer's page, one file per language under i18n/ (a test checks each has every key). */
export const catalogues: Record<Locale, Catalogue> = { en, es, fr, de, it, pt, nl, pl, tr, ar };

export const locales = Object.keys(catalogues) as Locale[];

export { direction };

/** A sentence of the page's language with its `{placeholders}` filled; `count` also picks the plural form. */
export type Translate = ((key: MessageKey, params?: Record<string, string | number>) => string) & {
  locale: Locale;
  /** "14:05" in the page's language (`Intl`). */
  time: (iso: string | undefined) => string;
};

export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale] ?? catalogues.en;
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  const rtl = direction(locale) === 'rtl';
  // In a right-to-left sentence, an inserted value (a masked number, a Latin name) is isolated so it keeps its own order.
  const value = (v: string | number) => {
    const text = typeof v === 'number' ? numbers.format(v) : v;
    return rtl ? `\u2068${text}\u2069` : text;
  };
  const t = ((key, params) => {
    const entry: string | PluralText = catalogue[key];
    const text = typeof entry === 'string' ? entry : (entry[plurals.select(Number(params?.count ?? 0))] ?? entry.other);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params?.[name] !== undefined ? value(params[name]) : whole));
  }) as Translate;
  t.locale = locale;
  t.time = iso => (iso ? new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }) : '');
  return t;
}
