/** Set-Cookie and Cookie headers for our own few cookies, without a dependency. */

export function cookieHeader(
  name: string,
  value: string,
  opts: { secure: boolean; maxAgeSeconds?: number; httpOnly?: boolean },
): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'SameSite=Lax',
    ...(opts.httpOnly === false ? [] : ['HttpOnly']),
    ...(opts.secure ? ['Secure'] : []),
    ...(opts.maxAgeSeconds !== undefined ? [`Max-Age=${opts.maxAgeSeconds}`] : []),
  ].join('; ');
}

/** A tiny Cookie header parser: we read two cookies of our own, so no dependency for it. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    const name = i > 0 ? part.slice(0, i).trim() : '';
    if (name && !(name in out)) out[name] = part.slice(i + 1).trim();
  }
  return out;
}
