import { ConfigError, isLoopbackHost, loadConfig } from './config';

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
    ['HTTP_KEEP_ALIVE_TIMEOUT_SECONDS', '0'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_SECONDS', '1.5'],
    ['SHUTDOWN_GRACE_SECONDS', '-1'],
    ['SHUTDOWN_GRACE_SECONDS', 'soon'],
    ['SHUTDOWN_DRAIN_SECONDS', '0'],
    ['SHUTDOWN_DRAIN_SECONDS', '601'],
  ])('rejects a bad %s and names it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('keeps idle connections 65 s (above the 60 s of most proxies) and stops at once by default', () => {
    const c = loadConfig({});
    expect(c.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS).toBe(65);
    expect(c.SHUTDOWN_GRACE_SECONDS).toBe(0);
    expect(c.SHUTDOWN_DRAIN_SECONDS).toBe(20);
    const set = loadConfig({
      HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '350',
      SHUTDOWN_GRACE_SECONDS: '10',
      SHUTDOWN_DRAIN_SECONDS: '5',
    });
    expect([set.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS, set.SHUTDOWN_GRACE_SECONDS, set.SHUTDOWN_DRAIN_SECONDS]).toEqual([
      350, 10, 5,
    ]);
  });

  it('refuses the dev LiveKit secret, and a missing SMTP server, in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.org' })).toThrow(
      /LIVEKIT_API_SECRET/,
    );
    const secrets = {
      LIVEKIT_API_SECRET: 's3cret-long',
      TOKEN_SECRET: 'x'.repeat(40),
      PUBLIC_URL: 'https://samtal.example.org',
    };
    expect(() => loadConfig({ NODE_ENV: 'production', ...secrets })).toThrow(/SMTP_URL/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', LIVEKIT_API_SECRET: 's3cret-long', SMTP_URL: 'smtp://mail.example.org' }),
    ).toThrow(/TOKEN_SECRET/);
    expect(() => loadConfig({ TOKEN_SECRET: 'short' })).toThrow(/TOKEN_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', ...secrets, SMTP_URL: 'smtp://mail.example.org' }).NODE_ENV).toBe(
      'production',
    );
  });

  describe('when HOST is reachable from outside', () => {
    const real = {
      PUBLIC_URL: 'https://samtal.example.org',
      SMTP_URL: 'smtp://mail.example.org',
      TOKEN_SECRET: 'x'.repeat(40),
      LIVEKIT_API_SECRET: 's3cret-long',
    };

    it('listens on loopback by default, with the dev defaults and the dev mailbox', () => {
      const c = loadConfig({});
      expect(c.HOST).toBe('127.0.0.1');
      expect(c.NODE_ENV).toBe('development');
      expect(c.productionChecks).toBe(false);
    });

    it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])(
      'keeps the dev defaults on loopback %s, whatever NODE_ENV short of production',
      (host) => {
        expect(isLoopbackHost(host)).toBe(true);
        for (const env of [{}, { NODE_ENV: 'test' }, { NODE_ENV: 'development' }]) {
          expect(loadConfig({ HOST: host, ...env }).productionChecks).toBe(false);
        }
      },
    );

    it.each(['0.0.0.0', '::', '10.0.0.5', '128.0.0.1', 'samtal.example.org', '127.example.org'])(
      'treats %s as exposed',
      (host) => {
        expect(isLoopbackHost(host)).toBe(false);
        expect(loadConfig({ HOST: host, ...real }).productionChecks).toBe(true);
      },
    );

    it.each([
      ['SMTP_URL', { SMTP_URL: undefined }],
      ['TOKEN_SECRET', { TOKEN_SECRET: undefined }],
      ['LIVEKIT_API_SECRET', { LIVEKIT_API_SECRET: undefined }],
      ['PUBLIC_URL', { PUBLIC_URL: 'http://samtal.example.org' }],
    ])('refuses a missing or dev %s without NODE_ENV, and with NODE_ENV=test or production', (name, missing) => {
      for (const env of [{}, { NODE_ENV: 'test' }, { NODE_ENV: 'production' }]) {
        const start = () => loadConfig({ HOST: '0.0.0.0', ...env, ...real, ...missing });
        expect(start).toThrow(ConfigError);
        expect(start).toThrow(new RegExp(`${name}: .*HOST \\(0\\.0\\.0\\.0\\)|${name}: .*in production`));
      }
    });

    it('names every refused variable at once', () => {
      const err = (() => {
        try {
          loadConfig({ HOST: '0.0.0.0' });
        } catch (e) {
          return e as Error;
        }
        return null;
      })();
      expect(err?.message).toMatch(/SMTP_URL/);
      expect(err?.message).toMatch(/TOKEN_SECRET/);
      expect(err?.message).toMatch(/LIVEKIT_API_SECRET/);
      expect(err?.message).toMatch(
        /PUBLIC_URL: set the https:\/\/ address .* \(over http the session and form cookies would lose Secure and __Host-\)/,
      );
    });

    it('starts with real values, and only NODE_ENV=development keeps the dev defaults on an open address', () => {
      expect(loadConfig({ HOST: '0.0.0.0', ...real }).productionChecks).toBe(true);
      const dev = loadConfig({ HOST: '0.0.0.0', NODE_ENV: 'development' });
      expect(dev.productionChecks).toBe(false);
      expect(dev.SMTP_URL).toBeUndefined();
    });
  });

  it('takes an http OIDC_ISSUER only on this machine (the e2e suite provider)', () => {
    const client = { OIDC_CLIENT_ID: 'samtal', OIDC_CLIENT_SECRET: 's3cret' };
    expect(() => loadConfig({ OIDC_ISSUER: 'http://id.example.org/realms/x', ...client })).toThrow(/OIDC_ISSUER/);
    expect(loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:4000', ...client }).OIDC_ISSUER).toBe('http://127.0.0.1:4000');
    expect(loadConfig({ OIDC_ISSUER: 'https://id.example.org/realms/x', ...client }).OIDC_ISSUER).toBeDefined();
  });

  it('requires an https PUBLIC_URL under the production checks: over http the cookies lose Secure and __Host-', () => {
    const real = {
      SMTP_URL: 'smtp://mail.example.org',
      TOKEN_SECRET: 'x'.repeat(40),
      LIVEKIT_API_SECRET: 's3cret-long',
    };
    for (const env of [{ NODE_ENV: 'production' }, { HOST: '0.0.0.0' }]) {
      expect(() => loadConfig({ ...env, ...real, PUBLIC_URL: 'http://samtal.example.org' })).toThrow(
        /PUBLIC_URL: set the https:\/\/ address people reach Samtal at/,
      );
      expect(() => loadConfig({ ...env, ...real, PUBLIC_URL: 'http://127.0.0.1:3000' })).toThrow(/PUBLIC_URL/);
      expect(() => loadConfig({ ...env, ...real })).toThrow(/PUBLIC_URL/);
      expect(loadConfig({ ...env, ...real, PUBLIC_URL: 'https://samtal.example.org' }).PUBLIC_URL).toBe(
        'https://samtal.example.org',
      );
    }
    // Development and tests keep plain http on this machine.
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000' }).PUBLIC_URL).toBe('http://localhost:3000');
    expect(loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://samtal.test' }).productionChecks).toBe(false);
  });

  it('strips a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://samtal.example.org/' }).PUBLIC_URL).toBe('https://samtal.example.org');
  });
});
