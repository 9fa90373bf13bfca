import type { Schemas } from '../api/client';

export type Locale = Schemas['Locale'];

/** The customer languages, as the console (in English) names them, with each one's own name for the picker. */
export const languages: readonly { value: Locale; english: string; native: string }[] = [
  { value: 'en', english: 'English', native: 'English' },
  { value: 'es', english: 'Spanish', native: 'Español' },
  { value: 'fr', english: 'French', native: 'Français' },
  { value: 'de', english: 'German', native: 'Deutsch' },
  { value: 'it', english: 'Italian', native: 'Italiano' },
  { value: 'pt', english: 'Portuguese', native: 'Português' },
  { value: 'nl', english: 'Dutch', native: 'Nederlands' },
  { value: 'pl', english: 'Polish', native: 'Polski' },
  { value: 'tr', english: 'Turkish', native: 'Türkçe' },
  { value: 'ar', english: 'Arabic', native: 'العربية' },
];

/** "French" for `fr` (the console stays English and shows each participant's language). */
export function languageName(locale: Locale): string {
  return languages.find(l => l.value === locale)?.english ?? locale;
}
