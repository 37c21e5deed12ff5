import { PendingSignIn, PendingSignInSealer } from './pending-sign-in';

const NOW = new Date('2026-12-01T10:00:00.000Z');
const pending: PendingSignIn = {
  state: 'state-abc',
  nonce: 'nonce-def',
  codeVerifier: 'verifier-ghi',
  next: '/staff',
  expiresAt: NOW.getTime() + 10 * 60_000,
};
const sealer = new PendingSignInSealer('x'.repeat(40));

describe('PendingSignInSealer', () => {
  it('opens what it sealed, and the sealed value shows none of it', () => {
    const sealed = sealer.seal(pending);
    expect(sealer.open(sealed, NOW)).toEqual(pending);
    for (const secret of ['state-abc', 'nonce-def', 'verifier-ghi']) expect(sealed).not.toContain(secret);
  });

  it('seals the same content differently each time (a fresh IV)', () => {
    expect(sealer.seal(pending)).not.toBe(sealer.seal(pending));
  });

  it('refuses it from the moment it expires', () => {
    const sealed = sealer.seal(pending);
    expect(sealer.open(sealed, new Date(pending.expiresAt - 1))).not.toBeNull();
    expect(sealer.open(sealed, new Date(pending.expiresAt))).toBeNull();
  });

  it('refuses a value with one character changed, another key, and junk', () => {
    const sealed = sealer.seal(pending);
    const i = sealed.length - 5;
    const flipped = sealed.slice(0, i) + (sealed[i] === 'A' ? 'B' : 'A') + sealed.slice(i + 1);
    expect(sealer.open(flipped, NOW)).toBeNull();
    expect(new PendingSignInSealer('y'.repeat(40)).open(sealed, NOW)).toBeNull();
    for (const junk of [undefined, '', 'v1.', 'v1.AAAA', 'v2.' + sealed.slice(3), 'x'.repeat(3000)])
      expect(sealer.open(junk, NOW)).toBeNull();
  });
});
