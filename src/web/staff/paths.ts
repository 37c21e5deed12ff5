import { url } from '../ui/html';

/** The addresses of the staff pages, so a page can link to another without importing it. */
export const staffHomePath = '/staff';
export const staffSignInPath = '/staff/sign-in';
export const staffSignOutPath = '/staff/sign-out';

/**
 * `next` after sign-in: only a path on this site, never an absolute or protocol-relative URL (no
 * open redirect). Null for anything else; the caller then goes to /staff.
 */
export function safeNextPath(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 1000) return null;
  // "/x" yes; "//evil", "/\evil" (browsers read both as another host), "https://evil", "javascript:" no.
  if (!/^\/(?![/\\])/.test(next)) return null;
  // Printable ASCII only: no control characters, tabs or newlines that a browser would strip into "//".
  if (!/^[\x21-\x7e]*$/.test(next)) return null;
  return next;
}

/** The sign-in page, coming back to `next` (a local path) afterwards. */
export function staffSignInUrl(next?: string | null): string {
  return url(staffSignInPath, { next: safeNextPath(next) ?? undefined });
}

/** Where a signed-out person lands: the sign-in page with a "You are signed out" notice. */
export const signedOutUrl = url(staffSignInPath, { signed_out: '1' });

/** The workspace's sections (the staff workspace issue fills them in). */
export const staffPaths = {
  calendar: '/staff',
  book: '/staff/book',
  clients: '/staff/clients',
  client: (id: string) => `/staff/clients/${id}`,
  appointment: (id: string) => `/staff/appointments/${id}`,
  settings: '/staff/settings',
  admin: '/staff/admin',
} as const;
