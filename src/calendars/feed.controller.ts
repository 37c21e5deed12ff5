import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Public, Staff, StaffPrincipal } from '../auth/staff-principal';
import { DomainError, ErrorCode } from '../common/errors';
import { UuidParam } from '../common/uuid-param';
import { FeedUrlService } from './feed-url.service';
import { FeedService } from './feed.service';

@ApiTags('calendars')
@Controller()
export class FeedController {
  constructor(
    private readonly feeds: FeedService,
    private readonly urls: FeedUrlService,
  ) {}

  /** The caseworker's secret feed URL; the same on every call, until it is rotated. */
  @Get('api/v1/caseworkers/:id/feed-url')
  @ApiBearerAuth()
  async feedUrl(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<{ url: string }> {
    return { url: await this.urls.url(staff, id) };
  }

  /** A new secret URL; the old one stops working at once (for a URL that was shared by mistake). */
  @Post('api/v1/caseworkers/:id/feed-url/rotate')
  @ApiBearerAuth()
  @HttpCode(200)
  async rotateFeedUrl(@Staff() staff: StaffPrincipal, @UuidParam('id') id: string): Promise<{ url: string }> {
    return { url: await this.urls.rotateUrl(staff, id) };
  }

  @Get('feeds/:file')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  feed(@Param('file') file: string): Promise<string> {
    const token = /^([A-Za-z0-9_-]{43})\.ics$/.exec(file)?.[1];
    if (!token) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
    return this.feeds.feed(token);
  }
}
