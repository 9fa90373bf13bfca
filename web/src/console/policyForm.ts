import type { Schemas } from '../api/client';
import { formatDuration } from './policyText';

/** A team's overrides as the API carries them (`GET`/`PUT /api/admin/teams/{team}/policy`). */
export type Overrides = Schemas['PolicyOverrides'];
export type FieldName = keyof Overrides & string;
type Policy = Schemas['Policy'];

/** One policy field and its allowed values, from the OpenAPI document (generated into src/api/policyFields.ts). */
export interface PolicyFieldSpec {
  name: string;
  kind: 'boolean' | 'integer' | 'seconds' | 'countries';
  minimum?: number;
  maximum?: number;
  /** The pattern each country code must match. */
  pattern?: string;
}

/** A rule over several fields: their product may be at most `maximum` (maxAttempts × maxLockouts ≤ 100). */
export interface ProductLimit {
  fields: string[];
  maximum: number;
}

/**
 * What the administrator types, per field: `''` keeps the system value (no override for the team); booleans are
 * `'true'`/`'false'`, numbers their digits, countries a comma-separated list.
 */
export type PolicyFormValues = Record<string, string>;

export type PolicyFormErrors = Record<string, string>;

export function toFormValues(specs: readonly PolicyFieldSpec[], overrides: Overrides): PolicyFormValues {
  const values: PolicyFormValues = {};
  for (const spec of specs) {
    const value = (overrides as Record<string, unknown>)[spec.name];
    values[spec.name] = value === undefined || value === null ? '' : Array.isArray(value) ? value.join(', ') : String(value);
  }
  return values;
}

function parseCountries(text: string): string[] {
  return text.split(/[\s,;]+/).map(c => c.trim().toUpperCase()).filter(Boolean);
}

/** A field's typed value from the form (undefined = system value), or a message when it cannot be one. */
function parse(spec: PolicyFieldSpec, text: string): { value?: boolean | number | string[]; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') {
    return {};
  }
  switch (spec.kind) {
    case 'boolean':
      return trimmed === 'true' || trimmed === 'false' ? { value: trimmed === 'true' } : { error: 'Choose yes or no.' };
    case 'countries': {
      const codes = parseCountries(trimmed);
      const pattern = new RegExp(spec.pattern ?? '^[A-Z]{2}$');
      const wrong = codes.filter(c => !pattern.test(c));
      return wrong.length ? { error: `Not two-letter country codes: ${wrong.join(', ')}.` } : { value: [...new Set(codes)] };
    }
    default: {
      if (!/^\d+$/.test(trimmed)) {
        return { error: 'Enter a whole number.' };
      }
      const number = Number(trimmed);
      if ((spec.minimum !== undefined && number < spec.minimum) || (spec.maximum !== undefined && number > spec.maximum)) {
        return { error: `Must be ${describeRange(spec)}.` };
      }
      return { value: number };
    }
  }
}

/** "6–10", "60–600 seconds (1 min – 10 min)": the allowed range as the page shows it; '' when unbounded. */
export function describeRange(spec: PolicyFieldSpec): string {
  if (spec.minimum === undefined || spec.maximum === undefined) {
    return '';
  }
  return spec.kind === 'seconds'
    ? `${spec.minimum}–${spec.maximum} seconds (${formatDuration(spec.minimum)} – ${formatDuration(spec.maximum)})`
    : `${spec.minimum}–${spec.maximum}`;
}

/**
 * Every problem with the form before anything is sent: values of the wrong kind or outside their range, and the rules
 * over several fields. For a field left to the system value, such a rule uses `effective` — the team's effective policy,
 * when known and when the field had no override (else the system value is unknown here and the API has the last word).
 */
export function validatePolicyForm(
  specs: readonly PolicyFieldSpec[], limits: readonly ProductLimit[], values: PolicyFormValues, original: Overrides, effective: Policy | null,
): PolicyFormErrors {
  const errors: PolicyFormErrors = {};
  const parsed: Record<string, unknown> = {};
  for (const spec of specs) {
    const { value, error } = parse(spec, values[spec.name] ?? '');
    if (error) {
      errors[spec.name] = error;
    }
    parsed[spec.name] = value;
  }
  for (const limit of limits) {
    if (limit.fields.some(f => errors[f])) {
      continue;
    }
    const numbers = limit.fields.map(f => {
      if (typeof parsed[f] === 'number') {
        return parsed[f];
      }
      const overridden = (original as Record<string, unknown>)[f] != null;
      const known = effective ? (effective as Record<string, unknown>)[f] : undefined;
      return !overridden && typeof known === 'number' ? known : null;
    });
    if (numbers.every(n => n !== null)) {
      const product = numbers.reduce((a, b) => a * b, 1);
      if (product > limit.maximum) {
        for (const f of limit.fields.filter(f => typeof parsed[f] === 'number')) {
          errors[f] = `${limit.fields.join(' × ')} must be at most ${limit.maximum} (now ${product}).`;
        }
      }
    }
  }
  return errors;
}

/** The `PUT` body: only the fields that differ from the overrides as read — a new value, or `null` to remove one. */
export function policyChanges(specs: readonly PolicyFieldSpec[], values: PolicyFormValues, original: Overrides): Overrides {
  const before = toFormValues(specs, original);
  const body: Record<string, unknown> = {};
  for (const spec of specs) {
    const now = values[spec.name] ?? '';
    if (normalise(spec, now) === normalise(spec, before[spec.name] ?? '')) {
      continue;
    }
    body[spec.name] = now.trim() === '' ? null : parse(spec, now).value;
  }
  return body as Overrides;
}

function normalise(spec: PolicyFieldSpec, text: string): string {
  return spec.kind === 'countries' ? parseCountries(text).join(',') : text.trim();
}
