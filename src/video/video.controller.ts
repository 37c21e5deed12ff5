import { Controller, Headers, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Config } from '../../config/config';
import { Public, Staff, StaffPrincipal } from '../auth/staff-principal';
import { DomainError, ErrorCode } from '../common/errors';
import { CONFIG } from '../common/injection-tokens';
import { UuidParam } from '../common/uuid-param';
import { AttendanceService } from './attendance.service';
import { parseLiveKitWebhook, WebhookSignatureError } from './livekit-webhook';
import { JoinResponse, VideoService } from './video.service';

@ApiTags('video')
@Controller()
export class VideoController {
  constructor(
    private readonly video: VideoService,
    private readonly attendance: AttendanceService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** The client's join link: a short-lived LiveKit token inside the window, else JOIN_NOT_OPEN with opensAt. */
  @Post('api/v1/join/:token')
  @Public()
  @HttpCode(200)
  join(@Param('token') token: string): Promise<JoinResponse> {
    return this.video.joinAsClient(token);
  }

  @Post('api/v1/appointments/:id/video-token')
  @ApiBearerAuth()
  @HttpCode(200)
  hostToken(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<JoinResponse> {
    return this.video.hostToken(staff, id);
  }

  /** Signed by LiveKit (a JWT carrying the body's SHA-256); anything else is refused. */
  @Post('webhooks/livekit')
  @Public()
  @ApiExcludeEndpoint()
  @HttpCode(200)
  async webhook(@Req() req: Request, @Headers('authorization') authorization?: string): Promise<{ ok: true }> {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    try {
      const event = await parseLiveKitWebhook(
        { apiKey: this.config.LIVEKIT_API_KEY, apiSecret: this.config.LIVEKIT_API_SECRET },
        raw,
        authorization,
      );
      await this.attendance.recordWebhook(event);
      return { ok: true };
    } catch (err) {
      if (err instanceof WebhookSignatureError)
        throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Invalid webhook signature.');
      throw err;
    }
  }
}
