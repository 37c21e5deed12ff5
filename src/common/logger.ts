import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/**
 * Tokens travel in URL paths (/me/<token>, /join/<token>, /feeds/<token>.ics) and in headers.
 * Any path segment that looks like a token is replaced before a line is written.
 */
export function redactPath(url: string): string {
  const [path] = url.split('?');
  return path.replace(TOKEN_LIKE, '[redacted]');
}

const TOKEN_LIKE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])/g;
/** local@domain, local part plain or quoted, domain a name or an [address literal]. */
const ADDRESS_LIKE =
  /(?:"[^"\r\n]*"|[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+)@(?:\[[^\]\s]*\]|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*)/gu;

/**
 * Error texts from outside can carry client data: an SMTP server answers "550 <anna@example.org>:
 * Recipient address rejected". Before such a text is logged, stored with a failed job or shown to
 * admins, anything address-like becomes "[address]" and anything token-like "[redacted]".
 */
export function redactErrorText(text: string): string {
  return text.replace(ADDRESS_LIKE, '[address]').replace(TOKEN_LIKE, '[redacted]');
}

export function createPinoLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'samtal' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'authorization',
        'token',
        '*.token',
        'email',
        '*.email',
        // Phone numbers never appear in logs (docs/product-rules.md, rules 11 and 14).
        'phone',
        '*.phone',
        'password',
      ],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** Nest's logger interface over pino, so framework messages are JSON lines too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}
  log(message: unknown, context?: string) {
    this.pino.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.pino.trace({ context }, String(message));
  }
}
