import { redactPath } from './logger';

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
