import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Config } from '../../../../config/config';
import { Clock } from '../../../common/clock';
import { CONFIG } from '../../../common/injection-tokens';
import { VideoService } from '../../../video/video.service';
import { formatDateTime } from '../../ui/format';
import { liveKitSources, PageOutcome, WebContextFactory } from '../../http/web-context';
import { joinPage } from './join.page';

/**
 * GET /join/:token. The page never holds a LiveKit token: join.js asks POST /api/v1/join/:token for
 * one when the client presses Join, and again to reconnect.
 */
@Injectable()
export class JoinPagesService {
  private readonly liveKit: string[];

  constructor(
    private readonly video: VideoService,
    private readonly web: WebContextFactory,
    private readonly clock: Clock,
    @Inject(CONFIG) config: Config,
  ) {
    this.liveKit = liveKitSources(config.LIVEKIT_URL);
  }

  async show(token: string, req: Request, res: Response): Promise<PageOutcome> {
    // Cancelled, switched to in person, unknown or expired: describe() answers NOT_FOUND → the plain 404 page.
    const d = await this.video.describe(token);
    const ctx = this.web.create(req, res, { clientLocale: d.client.locale, unitDefault: d.unit.defaultLocale });
    const zone = d.unit.timeZone;
    return {
      status: 200,
      csp: { connect: this.liveKit, media: ['blob:'] },
      body: joinPage(ctx, {
        siteName: d.unit.publicName,
        token,
        state: d.state,
        when: formatDateTime(d.appointment.startsAt, zone, ctx.locale, ctx.t),
        opens: formatDateTime(d.opensAt, zone, ctx.locale, ctx.t),
        opensInMs: Math.max(0, d.opensAt.getTime() - this.clock.now().getTime()),
      }),
    };
  }
}
