import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import type { ConnectInput } from './external-calendars.service';

export class ConnectExternalCalendarDto {
  @ApiProperty({ enum: ['ics', 'caldav'] }) @IsIn(['ics', 'caldav']) kind: 'ics' | 'caldav';
  @ApiProperty({
    description: 'ICS: the secret subscription link (https or webcal). CalDAV: the server address.',
    example: 'https://outlook.office365.com/owa/calendar/…/calendar.ics',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  url: string;
  @ApiPropertyOptional({ description: 'CalDAV only' })
  @ValidateIf((o: ConnectExternalCalendarDto) => o.kind === 'caldav')
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  username?: string;
  @ApiPropertyOptional({ description: 'CalDAV only: an app password. Stored encrypted, never returned.' })
  @ValidateIf((o: ConnectExternalCalendarDto) => o.kind === 'caldav')
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  password?: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'CalDAV only: the calendars (URLs or paths) that count as busy; all when absent',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  calendars?: string[];

  toInput(): ConnectInput {
    return this.kind === 'ics'
      ? { kind: 'ics', url: this.url }
      : {
          kind: 'caldav',
          url: this.url,
          username: this.username!,
          password: this.password!,
          calendars: this.calendars,
        };
  }
}

export class ChooseCalendarsDto {
  @ApiProperty({ type: [String], description: 'The calendars (URLs or paths) that count as busy' })
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  calendars: string[];
}

class AvailableCalendar {
  @ApiProperty() href: string;
  @ApiProperty() name: string;
}

/** The answer for a connection (ExternalCalendarView): never the link's path, never credentials. */
export class ExternalCalendarResponse {
  @ApiProperty() id: string;
  @ApiProperty() caseworkerId: string;
  @ApiProperty({ enum: ['ics', 'caldav'] }) kind: string;
  @ApiProperty({ description: 'Scheme and host only; the path is masked', example: 'https://outlook.office365.com/…' })
  url: string;
  @ApiPropertyOptional({ description: 'CalDAV: the account; the password is never returned' }) username?: string;
  @ApiPropertyOptional({ type: [String], description: 'CalDAV: the calendars that count as busy' })
  calendars?: string[];
  @ApiPropertyOptional({ type: [AvailableCalendar] }) availableCalendars?: AvailableCalendar[];
  @ApiProperty({ nullable: true, type: String, description: 'The last successful sync' }) lastSyncedAt: string | null;
  @ApiPropertyOptional({ description: 'Why the last sync failed; the last good busy times are still used' })
  lastError?: string;
  @ApiProperty({ description: 'The newest good data is older than EXTERNAL_CALENDAR_STALE_HOURS' }) stale: boolean;
  @ApiProperty() busyCount: number;
}
