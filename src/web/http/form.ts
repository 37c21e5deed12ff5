/** One field of a posted urlencoded form; anything but a string (absent, repeated) is ''. */
export function formField(body: unknown, name: string): string {
  const v = ((body ?? {}) as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
}
