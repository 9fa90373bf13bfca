/** The languages the customer pages speak that are written right to left. */
const rightToLeft: ReadonlySet<string> = new Set(['ar']);

/** The writing direction of a page in `locale` (a base language such as `ar`), for `<html dir>`. */
export function direction(locale: string): 'ltr' | 'rtl' {
  return rightToLeft.has(locale) ? 'rtl' : 'ltr';
}
