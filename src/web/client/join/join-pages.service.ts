import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../../../../config/config';
import { Clock } from '../../../common/clock';
import { CONFIG } from '../../../common/injection-tokens';
import { VideoService } from '../../../video/video.service';
import { liveKitSources } from '../../http/page-response';
import type { RequestContext } from '../../http/request-context';
import { formatDateTime } from '../../ui/format';
import { JoinOutcome } from './join.page';

export interface JoinInput {
  /** The join token from the link. */
  token: string;
}

/**
 * GET /join/:token. The page never holds a LiveKit token: join.js asks POST /api/v1/join/:token for
 * one when the client presses Join, and again to reconnect.
 */
@Injectable()
export class JoinPagesService {
  private readonly liveKit: string[];

  constructor(
    private readonly video: VideoService,
    private readonly clock: Clock,
    @Inject(CONFIG) config: Config,
  ) {
    this.liveKit = liveKitSources(config.LIVEKIT_URL);
  }

  async show(rc: RequestContext, { token }: JoinInput): Promise<JoinOutcome> {
    // Cancelled, switched to in person, unknown or expired: describe() answers NOT_FOUND → the plain 404 page.
    const d = await this.video.describe(token);
    const ctx = rc.page({ clientLocale: d.client.locale, unitDefault: d.unit.defaultLocale });
    const zone = d.unit.timeZone;
    return {
      ctx,
      page: 'join',
      csp: { connect: this.liveKit, media: ['blob:'] },
      view: {
        siteName: d.unit.publicName,
        unitPhone: d.unit.phone,
        token,
        state: d.state,
        when: formatDateTime(d.appointment.startsAt, zone, ctx.locale, ctx.t),
        opens: formatDateTime(d.opensAt, zone, ctx.locale, ctx.t),
        opensInMs: Math.max(0, d.opensAt.getTime() - this.clock.now().getTime()),
      },
    };
  }
}
