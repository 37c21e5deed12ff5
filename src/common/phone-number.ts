import { CountryCode, getCountries, parsePhoneNumberFromString } from 'libphonenumber-js';
import { DomainError, ErrorCode } from './errors';

/** The countries a unit may text and call by default: Sweden (docs/api.md, `smsCountries`). */
export const DEFAULT_SMS_COUNTRIES: readonly string[] = ['SE'];

/** Every ISO 3166 alpha-2 code phone numbers are known for. */
export const PHONE_COUNTRIES: readonly string[] = getCountries();
const KNOWN_COUNTRIES = new Set<string>(PHONE_COUNTRIES);

/** Whether `code` is an ISO 3166 alpha-2 country code that phone numbers are known for ("SE", "FI"). */
export function isPhoneCountry(code: string): boolean {
  return KNOWN_COUNTRIES.has(code);
}

/**
 * What someone typed as a phone number, as E.164 ("070-123 45 67" in Sweden: "+46701234567"), or
 * null when it is no valid number or the number's country is not one of `allowed` (the unit's
 * `smsCountries`; leave it out to allow any country, as for the unit's own number). A number without
 * a country prefix is read as one of `defaultCountry`, the unit's first `smsCountries` entry.
 * Pure: no I/O, and what was typed never goes to a log.
 */
export function normalisePhone(typed: string, defaultCountry: string, allowed?: readonly string[]): string | null {
  const text = typed.trim();
  if (!text || text.length > 40) return null;
  const country = isPhoneCountry(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(text, country);
  if (!parsed?.isValid()) return null;
  if (allowed && (!parsed.country || !allowed.includes(parsed.country))) return null;
  return parsed.number;
}

/**
 * A phone number as a client may see it in a mail: all but the last four digits hidden, the groups
 * kept ("+46701234567" → "•••• •• 45 67"), so they recognise their number and nobody else learns it.
 */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  if (digits.length <= 4) return '•'.repeat(digits.length);
  const last = digits.slice(-4);
  return `•••• •• ${last.slice(0, 2)} ${last.slice(2)}`;
}

/**
 * A client's number as typed, in E.164 for storing, or VALIDATION_FAILED naming `field` when it is no
 * valid number of one of the unit's `smsCountries` (the error says which countries, never the number).
 */
export function clientPhone(typed: string, smsCountries: readonly string[], field = 'phone'): string {
  const countries = smsCountries.length ? smsCountries : DEFAULT_SMS_COUNTRIES;
  const e164 = normalisePhone(typed, countries[0], countries);
  if (!e164)
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `${field} must be a valid phone number of one of these countries: ${countries.join(', ')}`,
      { field },
    );
  return e164;
}

/** An E.164 number as people read it ("+46812345678" → "+46 8 123 456 78"); as given when it does not parse. */
export function displayPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
