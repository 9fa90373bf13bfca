import { describe, expect, it } from 'vitest';
import { pickLocale } from '../src/join/flow';
import { catalogues, direction, locales, translator } from '../src/join/messages';
import type { MessageKey, PluralText } from '../src/join/messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort();
const forms = (entry: string | PluralText) => (typeof entry === 'string' ? [entry] : Object.values(entry));

describe('join page languages', () => {
  it('speaks the ten languages of the API', () => {
    expect(locales).toEqual(['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'pl', 'tr', 'ar']);
  });

  it.each(locales)('%s has every key of English, with the same placeholders and every plural form it needs', locale => {
    const catalogue = catalogues[locale];
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(catalogues.en).sort());
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const key of Object.keys(catalogues.en) as MessageKey[]) {
      const english = catalogues.en[key];
      const entry = catalogue[key];
      expect(typeof entry, key).toBe(typeof english);
      const expected = placeholders(forms(english).at(-1)!);
      for (const text of forms(entry)) {
        expect(text.trim(), key).not.toBe('');
        expect(placeholders(text).every(p => expected.includes(p)), `${locale} ${key}: ${text}`).toBe(true);
      }
      if (typeof entry !== 'string') {
        for (const category of categories) {
          expect(entry[category], `${locale} ${key}.${category}`).toBeTruthy();
        }
        expect(Object.keys(entry).every(c => (categories as string[]).includes(c)), `${locale} ${key} has a form the language lacks`).toBe(true);
      } else {
        expect(placeholders(entry), `${locale} ${key}`).toEqual(expected);
      }
    }
  });

  it('gives ten distinct texts for each sentence', () => {
    for (const key of ['otpTitle', 'sentTo', 'wrongCode', 'linkExpired', 'passkeyOfferTitle', 'passkeyReturnText'] as MessageKey[]) {
      expect(new Set(locales.map(l => translator(l)(key, { address: 'x' }))).size, key).toBe(10);
    }
  });

  it('picks plural forms through Intl.PluralRules and formats numbers through Intl', () => {
    expect(translator('en')('attemptsLeft', { count: 1 })).toBe('1 attempt left.');
    expect(translator('en')('attemptsLeft', { count: 3 })).toBe('3 attempts left.');
    expect(translator('pl')('attemptsLeft', { count: 3 })).toBe('Zostały 3 próby.');
    expect(translator('pl')('attemptsLeft', { count: 5 })).toBe('Zostało 5 prób.');
    expect(translator('ar')('attemptsLeft', { count: 2 })).toBe('بقيت محاولتان.');
    expect(translator('ar')('attemptsLeft', { count: 3 })).toBe(`بقيت \u2068${new Intl.NumberFormat('ar').format(3)}\u2069 محاولات.`);
    expect(translator('fr')('attemptsLeft', { count: 1 })).toBe('Il vous reste 1 essai.');
  });

  it('fills placeholders, isolating inserted values in right-to-left text', () => {
    expect(translator('es')('sentTo', { address: '+1******0100' })).toBe('Hemos enviado un código a +1******0100.');
    expect(translator('ar')('sentTo', { address: '+1******0100' })).toBe('أرسلنا رمزًا إلى \u2068+1******0100\u2069.');
  });

  it('formats times in the page language', () => {
    const iso = '2030-01-07T15:05:00Z';
    expect(translator('de').time(iso)).toBe(new Date(iso).toLocaleTimeString('de', { hour: '2-digit', minute: '2-digit' }));
    expect(translator('en').time(undefined)).toBe('');
  });

  it('writes Arabic right to left and the others left to right', () => {
    expect(locales.filter(l => direction(l) === 'rtl')).toEqual(['ar']);
  });

  it('takes the participant’s locale, else the first browser language it speaks, else English', () => {
    expect(pickLocale('es', ['en-US'], locales)).toBe('es');
    expect(pickLocale(undefined, ['ja-JP', 'fr-CA', 'en'], locales)).toBe('fr');
    expect(pickLocale(undefined, ['pt-BR'], locales)).toBe('pt');
    expect(pickLocale(undefined, ['ja-JP'], locales)).toBe('en');
  });
});
