import { CaseworkerCandidate, matchCaseworker } from './match-caseworker';
import { isEmailVerified, type OidcIdentity } from './oidc-client';

const id: OidcIdentity = { iss: 'https://id.example', sub: 'sub-1', email: 'Anna@Example.org', emailVerified: true };
const cw = (over: Partial<CaseworkerCandidate> = {}): CaseworkerCandidate => ({
  id: 'cw-1',
  unitId: 'unit-1',
  active: true,
  oidcSubject: null,
  ...over,
});

describe('matchCaseworker', () => {
  it('matches the stored (iss, sub) whatever the email says', () => {
    const known = cw({ oidcSubject: 'sub-1' });
    expect(matchCaseworker({ ...id, email: 'other@example.org' }, known, [])).toEqual({
      matched: true,
      caseworker: known,
      link: false,
    });
    expect(matchCaseworker({ ...id, email: null, emailVerified: false }, known, [])).toMatchObject({ matched: true });
  });

  it('refuses a stored identity whose caseworker is deactivated, naming them', () => {
    const gone = cw({ active: false, oidcSubject: 'sub-1' });
    expect(matchCaseworker(id, gone, [cw({ id: 'cw-2' })])).toEqual({
      matched: false,
      reason: 'inactive',
      caseworker: gone,
    });
  });

  it('links the one active caseworker with that email and no identity yet', () => {
    expect(matchCaseworker(id, null, [cw()])).toEqual({ matched: true, caseworker: cw(), link: true });
  });

  it('never matches by an email the provider does not call verified', () => {
    expect(matchCaseworker({ ...id, emailVerified: false }, null, [cw()])).toEqual({
      matched: false,
      reason: 'email_not_verified',
    });
    expect(matchCaseworker({ ...id, email: null }, null, [cw()])).toMatchObject({ reason: 'email_not_verified' });
  });

  it('refuses an email nobody has', () => {
    expect(matchCaseworker(id, null, [])).toEqual({ matched: false, reason: 'not_found' });
  });

  it('picks the one active caseworker when the email is also on a deactivated one in another unit', () => {
    const active = cw({ id: 'cw-2', unitId: 'unit-2' });
    expect(matchCaseworker(id, null, [cw({ active: false }), active])).toEqual({
      matched: true,
      caseworker: active,
      link: true,
    });
  });

  it('refuses an email that two units have, without naming either', () => {
    expect(matchCaseworker(id, null, [cw(), cw({ id: 'cw-2', unitId: 'unit-2' })])).toEqual({
      matched: false,
      reason: 'ambiguous_email',
    });
  });

  it('refuses a deactivated caseworker, and one already linked to another identity, naming them', () => {
    const gone = cw({ active: false });
    expect(matchCaseworker(id, null, [gone])).toEqual({ matched: false, reason: 'inactive', caseworker: gone });
    const linked = cw({ oidcSubject: 'someone-else' });
    expect(matchCaseworker(id, null, [linked])).toEqual({
      matched: false,
      reason: 'identity_mismatch',
      caseworker: linked,
    });
  });
});

describe('matchCaseworker with Entra ID’s xms_edov', () => {
  const claims = { email: 'anna@example.org', xms_edov: true };
  const identity = (iss: string): OidcIdentity => ({
    iss,
    sub: 'sub-9',
    email: claims.email,
    emailVerified: isEmailVerified(claims, iss),
  });

  it('matches by email when Entra ID says the domain is verified', () => {
    const entra = identity('https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0');
    expect(matchCaseworker(entra, null, [cw()])).toEqual({ matched: true, caseworker: cw(), link: true });
  });

  it('does not match by email when another issuer (or a lookalike of Entra ID) sends xms_edov', () => {
    for (const iss of ['https://id.example.org/realms/x', 'https://login.microsoftonline.com.evil.example/t/v2.0'])
      expect(matchCaseworker(identity(iss), null, [cw()])).toEqual({ matched: false, reason: 'email_not_verified' });
  });
});
