import { Body, Controller, Get, Headers, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/staff-principal';
import { UuidParam } from '../../common/uuid-param';
import {
  AppointmentResponse,
  CancelDto,
  ClientBookingDto,
  ModeDto,
  NoteDto,
  OwnSlotQuery,
  PublicBookingDto,
  RescheduleDto,
  SlotQuery,
  SlotsResponse,
} from '../appointments.dto';
import { ClientOverview, ClientPortalService } from '../client-portal/client-portal.service';
import { IdempotencyService } from '../booking/idempotency.service';
import { HoldConfirmation } from './hold-confirmation.service';
import { PublicBookingService, PublicUnit } from './public-booking.service';
import { ApiConflict, LEAVER, NOT_LIVE, TAKEN } from '../../common/api-conflict';

/** No account: the public page's API, and the client's personal link (the token is the credential). */
@ApiTags('public')
@Public()
@Controller('api/v1')
export class PublicController {
  constructor(
    private readonly publicBooking: PublicBookingService,
    private readonly holds: HoldConfirmation,
    private readonly portal: ClientPortalService,
  ) {}

  @Get('public/units/:slug')
  async unit(@Param('slug') slug: string): Promise<PublicUnit> {
    return this.publicBooking.unit(await this.publicBooking.unitOf(slug));
  }

  @Get('public/units/:slug/slots')
  async publicSlots(@Param('slug') slug: string, @Query() q: SlotQuery): Promise<SlotsResponse> {
    return this.publicBooking.slots(await this.publicBooking.unitOf(slug), q);
  }

  @Post('public/units/:slug/bookings')
  @ApiConflict(TAKEN)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async book(
    @Param('slug') slug: string,
    @Body() dto: PublicBookingDto,
    @Ip() ip: string,
    @Headers('idempotency-key') key?: string,
  ): Promise<AppointmentResponse> {
    return this.publicBooking.book(await this.publicBooking.unitOf(slug), dto, IdempotencyService.validateKey(key), ip);
  }

  @Post('public/confirm/:token')
  @HttpCode(200)
  confirm(@Param('token') token: string): Promise<AppointmentResponse> {
    return this.holds.confirm(token);
  }

  @Get('me/:token')
  async me(@Param('token') token: string): Promise<ClientOverview> {
    return this.portal.overview(await this.portal.session(token));
  }

  @Get('me/:token/slots')
  async meSlots(@Param('token') token: string, @Query() q: OwnSlotQuery): Promise<SlotsResponse> {
    return this.portal.slots(await this.portal.session(token), q);
  }

  @Post('me/:token/appointments')
  @ApiConflict(TAKEN)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async meBook(
    @Param('token') token: string,
    @Body() dto: ClientBookingDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<AppointmentResponse> {
    return this.portal.book(await this.portal.session(token), dto, IdempotencyService.validateKey(key));
  }

  @Post('me/:token/appointments/:id/reschedule')
  @ApiConflict(NOT_LIVE, TAKEN, LEAVER)
  @HttpCode(200)
  async meReschedule(
    @Param('token') token: string,
    @UuidParam('id') id: string,
    @Body() dto: RescheduleDto,
  ): Promise<AppointmentResponse> {
    return this.portal.reschedule(await this.portal.session(token), id, dto.startsAt);
  }

  @Post('me/:token/appointments/:id/cancel')
  @ApiConflict(NOT_LIVE)
  @HttpCode(200)
  async meCancel(
    @Param('token') token: string,
    @UuidParam('id') id: string,
    @Body() dto: CancelDto,
  ): Promise<AppointmentResponse> {
    return this.portal.cancel(await this.portal.session(token), id, dto.reason);
  }

  @Post('me/:token/appointments/:id/mode')
  @ApiConflict(NOT_LIVE, LEAVER)
  @HttpCode(200)
  async meMode(
    @Param('token') token: string,
    @UuidParam('id') id: string,
    @Body() dto: ModeDto,
  ): Promise<AppointmentResponse> {
    return this.portal.changeMode(await this.portal.session(token), id, dto.mode);
  }

  @Post('me/:token/appointments/:id/notes')
  @ApiConflict('CONFLICT: the appointment is no longer upcoming (cancelled, completed or no-show)')
  @HttpCode(200)
  async meNote(
    @Param('token') token: string,
    @UuidParam('id') id: string,
    @Body() dto: NoteDto,
  ): Promise<AppointmentResponse> {
    return this.portal.addNote(await this.portal.session(token), id, dto.text);
  }
}
