import { AppointmentEntity } from './appointments/data/appointment.entity';
import { ClientNoteEntity } from './appointments/data/client-note.entity';
import { IdempotencyKeyEntity } from './appointments/data/idempotency-key.entity';
import { StaffSessionEntity } from './auth/staff-session.entity';
import { StaffTokenEntity } from './auth/staff-token.entity';
import { AbsenceEntity } from './calendars/absence.entity';
import { WorkingHourEntity } from './calendars/working-hour.entity';
import { ExternalCalendarEntity } from './external-calendars/external-calendar.entity';
import { ClientEntity } from './clients/client.entity';
import { AuditEventEntity } from './common/audit/audit-event.entity';
import { CapabilityTokenEntity } from './common/capability-token.entity';
import { CaseworkerEntity } from './units/caseworker.entity';
import { MeetingTypeEntity } from './units/meeting-type.entity';
import { UnitEntity } from './units/unit.entity';
import { VideoEventEntity } from './video/video-event.entity';

/**
 * Every entity, listed once: the app, the CLI and the schema check share this list. It lives at the
 * app level because it names every feature; database/ stays below the features.
 */
export const ENTITIES = [
  UnitEntity,
  CaseworkerEntity,
  StaffTokenEntity,
  StaffSessionEntity,
  MeetingTypeEntity,
  WorkingHourEntity,
  AbsenceEntity,
  ClientEntity,
  CapabilityTokenEntity,
  AuditEventEntity,
  AppointmentEntity,
  ClientNoteEntity,
  IdempotencyKeyEntity,
  VideoEventEntity,
  ExternalCalendarEntity,
];
