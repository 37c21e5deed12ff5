import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/**
 * Tokens travel in URL paths (/me/<token>, /join/<token>, /feeds/<token>.ics) and in headers.
 * Any path segment that looks like a token is replaced before a line is written.
 */
export function redactPath(url: string): string {
  const [path] = url.split('?');
  return path.replace(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])/g, '[redacted]');
}

export function createPinoLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'samtal' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'authorization', 'token', '*.token', 'email', '*.email', 'password'],
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
