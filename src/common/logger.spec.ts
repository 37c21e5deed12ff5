import { redactErrorText, redactPath } from './logger';

describe('redactPath', () => {
  it('hides a capability token in a path and drops the query', () => {
    const token = 'Yq3kV0m9x1QbZ2r8T4uW6sE5dF7gH0jK1lN2pR3tA5c';
    expect(redactPath(`/me/${token}/slots?from=2026-01-01`)).toBe('/me/[redacted]/slots');
    expect(redactPath(`/feeds/${token}.ics`)).toBe('/feeds/[redacted].ics');
  });

  it('keeps ordinary ids and words', () => {
    expect(redactPath('/api/v1/appointments/1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed')).toBe(
      '/api/v1/appointments/1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
    );
  });
});

describe('redactErrorText', () => {
  it('hides the address in an SMTP rejection and keeps what went wrong', () => {
    expect(
      redactErrorText(
        `Can't send mail - all recipients were rejected: 550 <anna.berg+samtal@example.org>: Recipient address rejected`,
      ),
    ).toBe(`Can't send mail - all recipients were rejected: 550 <[address]>: Recipient address rejected`);
  });

  it('hides every address-like form: bare, quoted local part, non-ASCII, address literal, credentials in a URL', () => {
    expect(redactErrorText('to x@y.example and "a b"@c.example')).toBe('to [address] and [address]');
    expect(redactErrorText('mailbox åsa.öberg@exempel.se unavailable')).toBe('mailbox [address] unavailable');
    expect(redactErrorText('relay denied for bob@[192.0.2.1].')).toBe('relay denied for [address].');
    expect(redactErrorText('connect to smtp://user:secret@mail.example:587 failed')).toBe(
      'connect to smtp://user:[address]:587 failed',
    );
  });

  it('hides a token-like string, as in a link', () => {
    expect(redactErrorText('bad link http://samtal.test/me/Yq3kV0m9x1QbZ2r8T4uW6sE5dF7gH0jK1lN2pR3tA5c')).toBe(
      'bad link http://samtal.test/me/[redacted]',
    );
  });

  it('leaves an error without client data as it is', () => {
    const plain = 'connect ECONNREFUSED 127.0.0.1:2526; job 1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';
    expect(redactErrorText(plain)).toBe(plain);
  });
});
