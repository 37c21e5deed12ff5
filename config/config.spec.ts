import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives working defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.PUBLIC_URL).toBe('http://localhost:3000');
    expect(c.LIVEKIT_URL).toBe('ws://localhost:7880');
    expect(c.LIVEKIT_API_KEY).toBe('devkey');
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.EMBEDDED_PG_PORT).not.toBe(5432);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['SMTP_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['DEFAULT_TIME_ZONE', 'Mars/Olympus'],
  ])('rejects a bad %s and names it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('refuses the dev LiveKit secret, and a missing SMTP server, in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.org' })).toThrow(/LIVEKIT_API_SECRET/);
    const secrets = { LIVEKIT_API_SECRET: 's3cret-long', TOKEN_SECRET: 'x'.repeat(40) };
    expect(() => loadConfig({ NODE_ENV: 'production', ...secrets })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', LIVEKIT_API_SECRET: 's3cret-long', SMTP_URL: 'smtp://mail.example.org' })).toThrow(/TOKEN_SECRET/);
    expect(() => loadConfig({ TOKEN_SECRET: 'short' })).toThrow(/TOKEN_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', ...secrets, SMTP_URL: 'smtp://mail.example.org' }).NODE_ENV).toBe('production');
  });

  it('strips a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://samtal.example.org/' }).PUBLIC_URL).toBe('https://samtal.example.org');
  });
});
