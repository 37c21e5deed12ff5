import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../config/config';
import { Public } from '../auth/staff-principal';
import { DomainError, ErrorCode } from '../common/errors';
import { CONFIG } from '../common/injection-tokens';
import { escapeHtml } from '../common/html';
import { DevFileMailTransport, MAIL_TRANSPORT, MailTransport } from './mail-transport';

interface MailSummary {
  file: string;
  to: string;
  subject: string;
  date: string;
  links: Record<string, string>;
  invite: string | null;
}

/**
 * Never when the production checks apply (see Config.productionChecks): the mails the dev transport wrote, newest
 * first, with their links.
 */
@ApiExcludeController()
@Public()
@Controller('dev/mail')
export class DevMailController {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  private dir(): string {
    if (this.config.productionChecks || !(this.transport instanceof DevFileMailTransport)) {
      throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
    }
    return this.transport.dir;
  }

  async summaries(): Promise<MailSummary[]> {
    const dir = this.dir();
    const files = (await readdir(dir).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .reverse()
      .slice(0, 200);
    return Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as MailSummary));
  }

  @Get('messages.json')
  list(): Promise<MailSummary[]> {
    return this.summaries();
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async page(): Promise<string> {
    const mails = await this.summaries();
    const rows = mails
      .map((m) => {
        const links = Object.entries(m.links)
          .map(([k, v]) => `<a href="${escapeHtml(v)}">${escapeHtml(k)}</a>`)
          .join(' · ');
        return `<li><p><strong>${escapeHtml(m.subject)}</strong><br>to ${escapeHtml(m.to)} · ${escapeHtml(m.date)}${m.invite ? ` · invite ${escapeHtml(m.invite)}` : ''}</p><p>${links} · <a href="/dev/mail/${encodeURIComponent(m.file)}">.eml</a></p></li>`;
      })
      .join('\n');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Dev mailbox — Samtal</title></head><body><main><h1>Dev mailbox</h1><p>Mails written to ${escapeHtml(this.dir())}. Not available in production.</p>${mails.length ? `<ol>${rows}</ol>` : '<p>No mail yet.</p>'}</main></body></html>`;
  }

  @Get(':file')
  async eml(@Param('file') file: string, @Res() res: Response): Promise<void> {
    if (!/^[A-Za-z0-9-]+\.eml$/.test(file)) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
    const body = await readFile(join(this.dir(), file)).catch(() => null);
    if (!body) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
    res.type('message/rfc822').setHeader('Content-Disposition', `attachment; filename="${file}"`);
    res.send(body);
  }
}
