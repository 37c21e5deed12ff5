import { isEmailVerified, isEntraIdIssuer } from './oidc-client';

const ENTRA = 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0';

describe('isEmailVerified', () => {
  it('takes email_verified: true from any issuer, and Entra ID’s xms_edov: true from Entra ID (it never sends email_verified)', () => {
    expect(isEmailVerified({ email_verified: true }, 'https://id.example.org/realms/x')).toBe(true);
    expect(isEmailVerified({ xms_edov: true }, ENTRA)).toBe(true);
    expect(isEmailVerified({ xms_edov: true }, 'https://login.microsoftonline.us/tenant-id/v2.0')).toBe(true);
    expect(isEmailVerified({ xms_edov: true }, 'https://login.partner.microsoftonline.cn/tenant-id/v2.0')).toBe(true);
  });

  it('does not take xms_edov from another issuer, however alike its address', () => {
    for (const iss of [
      'https://id.example.org/realms/x',
      'https://login.microsoftonline.com.evil.example/tenant/v2.0',
      'https://evil-login.microsoftonline.com.example/tenant/v2.0',
      'https://login.microsoftonline.co/tenant/v2.0',
      'https://xlogin.microsoftonline.com/tenant/v2.0',
      'https://login.microsoftonline.com@evil.example/tenant/v2.0',
      'https://evil.example/login.microsoftonline.com/v2.0',
      'http://login.microsoftonline.com/tenant/v2.0',
      'https://login.microsoftonline.com:8443/tenant/v2.0',
      'https://login.microsoftonline.com/tenant/v2.0/extra',
      '',
      undefined,
    ]) {
      expect([iss, isEmailVerified({ xms_edov: true }, iss)]).toEqual([iss, false]);
    }
  });

  it('takes nothing else: false, absent, or a string that says "true"', () => {
    expect(isEmailVerified({ email_verified: false, xms_edov: false }, ENTRA)).toBe(false);
    expect(isEmailVerified({}, ENTRA)).toBe(false);
    expect(isEmailVerified({ email_verified: 'true' }, ENTRA)).toBe(false);
    expect(isEmailVerified({ xms_edov: 1 }, ENTRA)).toBe(false);
  });
});

describe('isEntraIdIssuer', () => {
  it('is an https issuer on one of Entra ID’s hosts, exactly, with a tenant and v2.0', () => {
    expect(isEntraIdIssuer(ENTRA)).toBe(true);
    expect(isEntraIdIssuer('https://login.chinacloudapi.cn/tenant-id/v2.0')).toBe(true);
    expect(isEntraIdIssuer('https://sts.windows.net/tenant-id/')).toBe(false);
    expect(isEntraIdIssuer('https://login.microsoftonline.com/v2.0')).toBe(false);
    expect(isEntraIdIssuer('not a url')).toBe(false);
    expect(isEntraIdIssuer(42)).toBe(false);
  });
});
