import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { AppModule, AppOptions } from './app.module';
import { toErrorBody } from './common/http-error.filter';
import { createPinoLogger, PinoNestLogger, redactPath } from './common/logger';
import { apiValidationPipe } from './common/validation-pipe';
import { ShutdownState } from './health/shutdown-state';

export interface CreatedApp {
  app: INestApplication;
  logger: Logger;
}

/** Builds the HTTP application; shared by main.ts and the e2e tests so both run the same stack. */
export async function createApp(opts: AppOptions): Promise<CreatedApp> {
  const logger = createPinoLogger(opts.config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(opts), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
  });
  app.set('trust proxy', trustProxy(opts.config.TRUST_PROXY));
  app.disable('x-powered-by');
  // No hash of every body: answers are not kept (below), and the few that are set their own ETag.
  app.set('etag', false);
  app.use(requestLog(logger));
  app.use(closeWhenStopping(app.get(ShutdownState)));
  app.use(notStored);
  app.use(
    helmet({
      contentSecurityPolicy: false, // pages set their own CSP; the API answers JSON
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  // LiveKit signs the exact bytes of its webhook body, so that route keeps them raw.
  app.use('/webhooks/livekit', express.raw({ type: '*/*', limit: '100kb' }));
  app.use(jsonBody());
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));
  app.useGlobalPipes(apiValidationPipe());
  const doc = new DocumentBuilder()
    .setTitle('Samtal API')
    .setDescription(
      'Appointment booking and video meetings for public social services. Staff calls carry a bearer token, ' +
        'or the staff session cookie from /staff/sign-in; with the cookie, POST, PUT, PATCH and DELETE also need ' +
        'the X-CSRF-Token header of the session (the staff pages carry it in <meta name="csrf-token">).',
    )
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth('samtal_session', {
      type: 'apiKey',
      in: 'cookie',
      description: 'The staff session (`__Host-samtal_session` on https); unsafe methods also need X-CSRF-Token.',
    })
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return { app, logger };
}

/**
 * Answers carry personal data (a client's meetings, a caseworker's day) and may be read on a shared
 * computer: no browser or proxy keeps them. The assets and the calendar feed say otherwise themselves.
 */
function notStored(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * Once the instance is stopping, each answer closes its connection (`Connection: close`): a client
 * or proxy holding a kept-alive connection opens its next one elsewhere instead of finding it cut.
 */
function closeWhenStopping(shutdown: ShutdownState) {
  return (_req: Request, res: Response, next: NextFunction) => {
    if (shutdown.stopping) res.setHeader('Connection', 'close');
    next();
  };
}

/** JSON bodies up to 100 kB; a malformed or oversized body gets the documented error body. */
function jsonBody() {
  const parse = express.json({ limit: '100kb' });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const body = toErrorBody(err);
      res.status(body.statusCode).json(body);
    });
}

/** One JSON line per request; the path is logged with its tokens redacted, never the query or body. */
function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      logger.info(
        { method: req.method, path: redactPath(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    next();
  };
}

/** "true", a hop count, or a list of addresses/subnets ("loopback, 10.0.0.0/8"), as Express reads it. */
function trustProxy(v: string): boolean | number | string {
  if (v === 'true' || v === 'false') return v === 'true';
  return /^\d+$/.test(v) ? Number(v) : v;
}
