import { isEmailVerified } from './oidc-client';

describe('isEmailVerified', () => {
  it('takes email_verified: true, and Entra ID’s xms_edov: true (it never sends email_verified)', () => {
    expect(isEmailVerified({ email_verified: true })).toBe(true);
    expect(isEmailVerified({ xms_edov: true })).toBe(true);
  });

  it('takes nothing else: false, absent, or a string that says "true"', () => {
    expect(isEmailVerified({ email_verified: false, xms_edov: false })).toBe(false);
    expect(isEmailVerified({})).toBe(false);
    expect(isEmailVerified({ email_verified: 'true' })).toBe(false);
    expect(isEmailVerified({ xms_edov: 1 })).toBe(false);
  });
});
