import { formField } from '../../http/form';
import type { FieldProblem } from './settings-forms';

/**
 * The external-calendar forms as posted and their checks, pure. The use case checks the address
 * again (http/https only, no private network) and answers VALIDATION_FAILED; these only catch what a
 * person mistypes, so the page can say it next to the field.
 */

export interface IcsForm {
  url: string;
}

export interface CalDavForm {
  url: string;
  username: string;
  /** Never shown again: a failed form comes back with this field empty. */
  password: string;
}

/** Far above what an account has; the use case keeps only hrefs it discovered. */
export const MAX_CALENDAR_CHOICES = 200;
export const URL_MAX = 2000;
export const USERNAME_MAX = 200;
export const PASSWORD_MAX = 500;

/** `webcal://` (what Apple and some Outlook links say) is the same link over https. */
export function normaliseCalendarUrl(text: string): string {
  const t = text.trim();
  return /^webcals?:\/\//i.test(t) ? `https://${t.replace(/^webcals?:\/\//i, '')}` : t;
}

export function readIcsForm(body: unknown): IcsForm {
  return { url: normaliseCalendarUrl(formField(body, 'ics-url')) };
}

export function readCalDavForm(body: unknown): CalDavForm {
  return {
    url: normaliseCalendarUrl(formField(body, 'caldav-url')),
    username: formField(body, 'caldav-username').trim(),
    // Not trimmed: a password may end in a space.
    password: formField(body, 'caldav-password'),
  };
}

/** The ticked calendars of a CalDAV account (`calendar-0`, `calendar-1`, … carry their hrefs). */
export function readCalendarChoice(body: unknown): string[] {
  const picked: string[] = [];
  for (let i = 0; i < MAX_CALENDAR_CHOICES; i++) {
    const href = formField(body, `calendar-${i}`);
    if (href) picked.push(href);
  }
  return [...new Set(picked)];
}

function isWebAddress(text: string): boolean {
  if (text.length > URL_MAX) return false;
  try {
    const u = new URL(text);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function checkUrl(field: string, url: string): FieldProblem[] {
  if (url === '') return [{ field, key: 'settings.ext.error.urlMissing' }];
  if (!isWebAddress(url)) return [{ field, key: 'settings.ext.error.urlInvalid' }];
  return [];
}

export function checkIcsForm(f: IcsForm): FieldProblem[] {
  return checkUrl('ics-url', f.url);
}

export function checkCalDavForm(f: CalDavForm): FieldProblem[] {
  const problems = checkUrl('caldav-url', f.url);
  if (f.username === '' || f.username.length > USERNAME_MAX)
    problems.push({ field: 'caldav-username', key: 'settings.ext.error.username' });
  if (f.password === '' || f.password.length > PASSWORD_MAX)
    problems.push({ field: 'caldav-password', key: 'settings.ext.error.password' });
  return problems;
}
