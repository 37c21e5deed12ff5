import { ApiProperty } from '@nestjs/swagger';
import { AppointmentResponse } from '../appointments/appointments.dto';
import { CaseworkerResponse } from '../units/units.dto';

export class DeactivatedCaseworkerResponse extends CaseworkerResponse {
  @ApiProperty({
    type: [AppointmentResponse],
    description: 'Their held and confirmed meetings from now on, soonest first: kept, to be reassigned',
  })
  futureAppointments: AppointmentResponse[];
}
