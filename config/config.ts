import { IANAZone } from 'luxon';
import { isIPv4 } from 'node:net';
import { z } from 'zod';

/**
 * The one configuration schema. This is the only module that reads process.env;
 * everything else receives a validated Config.
 */
const bool = z.enum(['true', 'false', '1', '0', '']).transform((v) => v === 'true' || v === '1');

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(' or ')})` },
  );

const DEV_TOKEN_SECRET = 'samtal-development-token-secret-not-for-production';

const schema = z.object({
  // Unset counts as development on loopback only; see productionChecks.
  NODE_ENV: z.enum(['development', 'production', 'test']).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Loopback unless told otherwise: a container sets HOST=0.0.0.0 and so gets the production checks.
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  EMBEDDED_PG_DIR: z.string().min(1).default('./var/postgres'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  MIGRATIONS_RUN: bool.default(true),
  SEED_DEMO: bool.optional(),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Samtal <no-reply@samtal.localhost>'),
  MAIL_DIR: z.string().min(1).default('./var/mail'),
  // Mails an instance composes and sends at once, each over one of as many pooled SMTP connections.
  MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(16),
  LIVEKIT_URL: url(['ws:', 'wss:', 'http:', 'https:']).default('ws://localhost:7880'),
  LIVEKIT_API_KEY: z.string().min(1).default('devkey'),
  LIVEKIT_API_SECRET: z.string().min(1).default('secret'),
  // Keys the calendar feed URLs (see FeedService): long, random, the same on every instance.
  TOKEN_SECRET: z.string().min(32).default(DEV_TOKEN_SECRET),
  LIVEKIT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  // How long an idle kept-alive connection stays open. Above the idle timeout of the proxy or load
  // balancer in front (60 s for most): else it reuses a socket the server just closed and answers 502.
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(65),
  // On SIGTERM: how long the listener keeps serving while readiness says 503 (for a load balancer to
  // notice); then the bound on the requests in flight finishing and the jobs they queued (their
  // mails) being worked. Jobs left at the bound stay queued for another instance.
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(0),
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  // Express's "trust proxy": which hops may set X-Forwarded-For (rate limits key on the client IP).
  TRUST_PROXY: z.string().min(1).default('loopback'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JOBS_ENABLED: bool.default(true),
  // 2 s doubling twelve times spans about 2.3 to 4.5 hours, and a job that expired because its
  // worker died is picked up again within seconds (pg-boss delays that retry the same way).
  JOB_RETRY_LIMIT: z.coerce.number().int().min(0).max(50).default(12),
  JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(2),
  // Above the SMTP and LiveKit timeouts: a job held this long belongs to a dead worker.
  JOB_EXPIRE_SECONDS: z.coerce.number().int().min(5).max(86400).default(30),
  // Staff sign-in (issue 11). OpenID Connect is on when OIDC_ISSUER is set (with client id and secret).
  OIDC_ISSUER: url(['http:', 'https:']).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  // The button's words: "Sign in with <OIDC_PROVIDER_NAME>".
  OIDC_PROVIDER_NAME: z.string().min(1).default('your organisation account'),
  STAFF_EMAIL_SIGN_IN: bool.default(true),
  STAFF_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  STAFF_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(10),
  // External calendars (issue 13): how often each connection is fetched, when its data counts as
  // stale in the workspace, and whether addresses in private networks may be fetched (tests, intranets).
  EXTERNAL_CALENDAR_SYNC_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(10),
  EXTERNAL_CALENDAR_STALE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  EXTERNAL_CALENDAR_ALLOW_PRIVATE: bool.default(false),
  DEFAULT_TIME_ZONE: z
    .string()
    .refine((z) => IANAZone.isValidZone(z), { message: 'must be an IANA time zone' })
    .default('Europe/Stockholm'),
});

export type Config = Omit<z.infer<typeof schema>, 'PUBLIC_URL' | 'NODE_ENV'> & {
  PUBLIC_URL: string;
  NODE_ENV: 'development' | 'production' | 'test';
  /**
   * Production, or reachable from outside (HOST not loopback) without an explicit
   * NODE_ENV=development: the dev defaults are refused and the dev mailbox does not exist.
   */
  productionChecks: boolean;
};

/** 127.0.0.0/8, ::1 and localhost: an address that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIPv4(v4) && v4.startsWith('127.');
}

export class ConfigError extends Error {}

/** Validates an environment; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const c = parsed.data;
  const productionChecks = c.NODE_ENV === 'production' || (!isLoopbackHost(c.HOST) && c.NODE_ENV !== 'development');
  // Why the checks apply, so that a container started without NODE_ENV learns what to set.
  const when =
    c.NODE_ENV === 'production'
      ? 'in production'
      : `when HOST (${c.HOST}) is reachable from outside and NODE_ENV is not development`;
  const refused = [
    productionChecks &&
      c.LIVEKIT_API_SECRET === 'secret' &&
      `LIVEKIT_API_SECRET: the dev default "secret" is not allowed ${when}`,
    productionChecks &&
      c.TOKEN_SECRET === DEV_TOKEN_SECRET &&
      `TOKEN_SECRET: set a long random secret ${when} (e.g. \`openssl rand -base64 48\`)`,
    productionChecks && !c.SMTP_URL && `SMTP_URL: required ${when} (the file mail transport is for development only)`,
    // Over http the cookies lose Secure and the __Host- prefix (anyone on the path reads the session).
    productionChecks &&
      !c.PUBLIC_URL?.startsWith('https:') &&
      `PUBLIC_URL: set the https:// address people reach Samtal at ${when} (over http the session and form cookies would lose Secure and __Host-)`,
    c.OIDC_ISSUER && !c.OIDC_CLIENT_ID && 'OIDC_CLIENT_ID: required when OIDC_ISSUER is set',
    c.OIDC_ISSUER && !c.OIDC_CLIENT_SECRET && 'OIDC_CLIENT_SECRET: required when OIDC_ISSUER is set',
    c.OIDC_ISSUER &&
      c.OIDC_ISSUER.startsWith('http:') &&
      !isLoopbackHost(new URL(c.OIDC_ISSUER).hostname) &&
      'OIDC_ISSUER: must be https (plain http only for a provider on this machine)',
    !c.OIDC_ISSUER &&
      !c.STAFF_EMAIL_SIGN_IN &&
      'STAFF_EMAIL_SIGN_IN: staff need a way in; set OIDC_ISSUER or leave email sign-in on',
  ].filter(Boolean);
  if (refused.length) throw new ConfigError(`Invalid configuration:\n  ${refused.join('\n  ')}`);
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
  return { ...c, NODE_ENV: c.NODE_ENV ?? 'development', PUBLIC_URL: publicUrl, productionChecks };
}
