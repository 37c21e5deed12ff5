import { Injectable } from '@nestjs/common';
import { CapabilityTokensService } from '../../common/capability-tokens.service';
import { DomainError, ErrorCode } from '../../common/errors';
import { AppointmentResponse } from '../appointments.dto';
import { AppointmentChangesService } from '../changes/appointment-changes.service';

/** A public hold confirmed from the link in its mail (docs/product-rules.md, rule 5). */
@Injectable()
export class HoldConfirmation {
  constructor(
    private readonly tokens: CapabilityTokensService,
    private readonly changes: AppointmentChangesService,
  ) {}

  /** The confirm link's edge: the token is resolved here once. */
  async confirm(token: string): Promise<AppointmentResponse> {
    const cap = await this.tokens.resolve('confirm', token);
    if (!cap?.appointmentId) throw new DomainError(ErrorCode.NOT_FOUND, 'This link is not valid.');
    const { appointment, unit } = await this.changes.confirm(cap.appointmentId, { type: 'client', id: cap.clientId });
    return AppointmentResponse.from(appointment, unit.timeZone);
  }
}
