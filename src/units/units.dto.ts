import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { UNIT_LIMITS as L } from './unit-limits';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsIanaZone } from '../common/validation';
import { PHONE_COUNTRIES } from '../common/phone-number';
import type { Mode } from '../common/mode';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from '../auth/staff-tokens.service';
import type { StaffTokenEntity } from '../auth/staff-token.entity';
import { CaseworkerEntity, StaffRole } from './caseworker.entity';
import { MeetingTypeEntity } from './meeting-type.entity';
import type { PublicLabels } from './meeting-type-label';
import { FirstMeetingScope, SelfBookingConfirmation, UnitEntity } from './unit.entity';
import { Locale, LOCALES } from '../common/locale';

export const MODES: Mode[] = ['in_person', 'video', 'phone'];

export class UpdateUnitDto {
  @ApiPropertyOptional({ example: 'Appointment — City of Helsingborg' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  publicName?: string;
  @ApiPropertyOptional({ example: 'Europe/Stockholm' }) @IsOptional() @IsIanaZone() timeZone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) address?: string;
  @ApiPropertyOptional({ description: 'Sender and invite organiser address' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  mailbox?: string;
  @ApiPropertyOptional({ enum: LOCALES }) @IsOptional() @IsIn(LOCALES) defaultLocale?: Locale;
  @ApiPropertyOptional({ enum: ['caseworker', 'unit'] })
  @IsOptional()
  @IsIn(['caseworker', 'unit'])
  firstMeetingScope?: FirstMeetingScope;
  /** At most two hours: a longer hold lets a few unconfirmed bookings keep a calendar empty. */
  @ApiPropertyOptional({ minimum: L.holdMinutes.min, maximum: L.holdMinutes.max })
  @IsOptional()
  @IsInt()
  @Min(L.holdMinutes.min)
  @Max(L.holdMinutes.max)
  holdMinutes?: number;
  @ApiPropertyOptional({ enum: ['email_link', 'none'] })
  @IsOptional()
  @IsIn(['email_link', 'none'])
  selfBookingConfirmation?: SelfBookingConfirmation;
  @ApiPropertyOptional({ minimum: L.clientChangeCutoffMinutes.min, maximum: L.clientChangeCutoffMinutes.max })
  @IsOptional()
  @IsInt()
  @Min(L.clientChangeCutoffMinutes.min)
  @Max(L.clientChangeCutoffMinutes.max)
  clientChangeCutoffMinutes?: number;
  @ApiPropertyOptional({ type: [Number], example: [1440, 120] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(L.reminderMinutesBefore.min, { each: true })
  @Max(L.reminderMinutesBefore.max, { each: true })
  reminderMinutesBefore?: number[];
  @ApiPropertyOptional({ minimum: L.joinOpensMinutesBefore.min, maximum: L.joinOpensMinutesBefore.max })
  @IsOptional()
  @IsInt()
  @Min(L.joinOpensMinutesBefore.min)
  @Max(L.joinOpensMinutesBefore.max)
  joinOpensMinutesBefore?: number;
  @ApiPropertyOptional({ minimum: L.joinClosesMinutesAfter.min, maximum: L.joinClosesMinutesAfter.max })
  @IsOptional()
  @IsInt()
  @Min(L.joinClosesMinutesAfter.min)
  @Max(L.joinClosesMinutesAfter.max)
  joinClosesMinutesAfter?: number;
  @ApiPropertyOptional({ minimum: L.retentionMonths.min, maximum: L.retentionMonths.max })
  @IsOptional()
  @IsInt()
  @Min(L.retentionMonths.min)
  @Max(L.retentionMonths.max)
  retentionMonths?: number;
  @ApiPropertyOptional({
    minimum: L.maxHoldsPerEmail.min,
    maximum: L.maxHoldsPerEmail.max,
    description: 'Unconfirmed holds at a time per email address (default 2)',
  })
  @IsOptional()
  @IsInt()
  @Min(L.maxHoldsPerEmail.min)
  @Max(L.maxHoldsPerEmail.max)
  maxHoldsPerEmail?: number;
  @ApiPropertyOptional({
    minimum: L.maxHoldsPerIp.min,
    maximum: L.maxHoldsPerIp.max,
    description: 'Unconfirmed holds at a time per IP address, IPv6 per /64 (default 5)',
  })
  @IsOptional()
  @IsInt()
  @Min(L.maxHoldsPerIp.min)
  @Max(L.maxHoldsPerIp.max)
  maxHoldsPerIp?: number;
  @ApiPropertyOptional({
    description:
      "Caseworkers see the team's calendars: colleagues' weeks and the team day, without absence notes " +
      '(default false: their own calendar only; admins always see every calendar of the unit)',
  })
  @IsOptional()
  @IsBoolean()
  teamCalendarsVisible?: boolean;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '+46 8 123 456 78',
    description: 'The unit\'s own number, shown to clients as "Call us at …"; stored in E.164, any country; null: none',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;
  @ApiPropertyOptional({
    type: [String],
    example: ['SE'],
    description:
      'ISO 3166 alpha-2 codes of the countries whose phone numbers the unit takes (default ["SE"]); ' +
      'the first is assumed for a number typed without a country prefix',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(L.smsCountries.min)
  @ArrayMaxSize(L.smsCountries.max)
  @ArrayUnique()
  @IsIn(PHONE_COUNTRIES, { each: true, message: 'smsCountries must be ISO 3166 alpha-2 country codes' })
  smsCountries?: string[];
}

export class UnitResponse {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() publicName: string;
  @ApiProperty() timeZone: string;
  @ApiProperty() address: string;
  @ApiProperty({ nullable: true, type: String }) mailbox: string | null;
  @ApiProperty({ enum: LOCALES }) defaultLocale: Locale;
  @ApiProperty({ enum: ['caseworker', 'unit'] }) firstMeetingScope: FirstMeetingScope;
  @ApiProperty() holdMinutes: number;
  @ApiProperty({ enum: ['email_link', 'none'] }) selfBookingConfirmation: SelfBookingConfirmation;
  @ApiProperty() clientChangeCutoffMinutes: number;
  @ApiProperty({ type: [Number] }) reminderMinutesBefore: number[];
  @ApiProperty() joinOpensMinutesBefore: number;
  @ApiProperty() joinClosesMinutesAfter: number;
  @ApiProperty() retentionMonths: number;
  @ApiProperty() maxHoldsPerEmail: number;
  @ApiProperty() maxHoldsPerIp: number;
  @ApiProperty({ description: "Caseworkers see the team's calendars (never absence notes)" })
  teamCalendarsVisible: boolean;
  @ApiProperty({ nullable: true, type: String, description: "The unit's own number (E.164)" }) phone: string | null;
  @ApiProperty({ type: [String], example: ['SE'] }) smsCountries: string[];

  static from(u: UnitEntity): UnitResponse {
    // The rest pattern leaves the timestamps out of the answer.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { createdAt: _c, updatedAt: _u, ...rest } = u;
    return { ...rest, reminderMinutesBefore: [...u.reminderMinutesBefore], smsCountries: [...u.smsCountries] };
  }
}

export class CreateCaseworkerDto {
  @ApiProperty({ example: 'Anna Berg' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: 'anna.berg@example.org' }) @IsEmail() @MaxLength(254) email: string;
  @ApiPropertyOptional({ example: 'Europe/Stockholm', description: "Defaults to the unit's zone" })
  @IsOptional()
  @IsIanaZone()
  timeZone?: string;
  @ApiProperty({ enum: ['caseworker', 'admin'] }) @IsIn(['caseworker', 'admin']) role: StaffRole;
}

export class CaseworkerResponse {
  @ApiProperty() id: string;
  @ApiProperty() unitId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) timeZone: string | null;
  @ApiProperty({ enum: ['caseworker', 'admin'] }) role: StaffRole;
  @ApiProperty({ description: 'false: deactivated (offboarded); their tokens, sessions and feed no longer work' })
  active: boolean;
  @ApiProperty({ enum: LOCALES, nullable: true, type: String, description: "Null: the unit's default language" })
  locale: string | null;

  static from(c: CaseworkerEntity): CaseworkerResponse {
    return {
      id: c.id,
      unitId: c.unitId,
      name: c.name,
      email: c.email,
      timeZone: c.timeZone,
      role: c.role,
      active: c.active,
      locale: c.locale,
    };
  }
}

export class CreateTokenDto {
  @ApiProperty({ example: 'Laptop' }) @IsString() @MinLength(1) @MaxLength(100) label: string;
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TOKEN_DAYS, default: DEFAULT_TOKEN_DAYS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TOKEN_DAYS)
  expiresInDays?: number;
}

export class TokenResponse {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Shown once; only its hash is stored' }) token: string;
  @ApiProperty() expiresAt: string;
}

/** A listed token: what it is and when it was used, never the token or its hash. */
export class TokenInfoResponse {
  @ApiProperty() id: string;
  @ApiProperty() label: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'Recorded to the minute' }) lastUsedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Null: made before tokens expired' })
  expiresAt: string | null;
  @ApiPropertyOptional() revokedAt?: string;

  static from(t: StaffTokenEntity): TokenInfoResponse {
    return {
      id: t.id,
      label: t.label,
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      expiresAt: t.expiresAt?.toISOString() ?? null,
      ...(t.revokedAt ? { revokedAt: t.revokedAt.toISOString() } : {}),
    };
  }
}

/** A meeting type's public label per language, each optional; a missing one falls back to `publicLabel`. */
export class PublicLabelsDto implements PublicLabels {
  @ApiPropertyOptional({ example: 'First meeting' }) @IsOptional() @IsString() @MaxLength(200) en?: string;
  @ApiPropertyOptional({ example: 'Första mötet' }) @IsOptional() @IsString() @MaxLength(200) sv?: string;
  @ApiPropertyOptional({ example: 'Erstgespräch' }) @IsOptional() @IsString() @MaxLength(200) de?: string;
}
// A field above for every language of LOCALES: adding a language without its field stops the build here.
const everyLanguageHasALabel: [Exclude<Locale, keyof PublicLabelsDto>] extends [never] ? true : never = true;
void everyLanguageHasALabel;

const PUBLIC_LABELS_DOC = {
  type: PublicLabelsDto,
  description: `The public label in the client's language (${LOCALES.join(', ')}); a missing one falls back to publicLabel`,
};

/** Blank translations are dropped: they would otherwise hide the default label. */
export function cleanPublicLabels(labels: PublicLabels | undefined | null): PublicLabels {
  const out: PublicLabels = {};
  for (const l of LOCALES) {
    const v = labels?.[l]?.trim();
    if (v) out[l] = v;
  }
  return out;
}

export class MeetingTypeFields {
  @ApiProperty({ example: 'Intake' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: 'First meeting' }) @IsString() @MinLength(1) @MaxLength(200) publicLabel: string;
  @ApiPropertyOptional(PUBLIC_LABELS_DOC)
  @IsOptional()
  @ValidateNested()
  @Type(() => PublicLabelsDto)
  publicLabels?: PublicLabelsDto;
  @ApiProperty({ minimum: 5, maximum: 480 }) @IsInt() @Min(5) @Max(480) durationMinutes: number;
  @ApiProperty({ minimum: 0, maximum: 120 }) @IsInt() @Min(0) @Max(120) bufferBeforeMinutes: number;
  @ApiProperty({ minimum: 0, maximum: 120 }) @IsInt() @Min(0) @Max(120) bufferAfterMinutes: number;
  @ApiProperty({ minimum: 5, maximum: 240 }) @IsInt() @Min(5) @Max(240) slotStepMinutes: number;
  @ApiProperty({ minimum: 0, maximum: 43200 }) @IsInt() @Min(0) @Max(43200) minNoticeMinutes: number;
  @ApiProperty({ minimum: 1, maximum: 365 }) @IsInt() @Min(1) @Max(365) horizonDays: number;
  @ApiProperty({ enum: MODES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(MODES, { each: true })
  modes: Mode[];
  @ApiProperty({ description: 'Offered on the public page as a first meeting' }) @IsBoolean() intake: boolean;
}

export class CreateMeetingTypeDto extends MeetingTypeFields {
  @ApiProperty({ example: 'first-meeting' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'key must be lowercase letters, digits and dashes' })
  key: string;
}

export class UpdateMeetingTypeDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) publicLabel?: string;
  @ApiPropertyOptional({ ...PUBLIC_LABELS_DOC, description: `${PUBLIC_LABELS_DOC.description}; replaces all three` })
  @IsOptional()
  @ValidateNested()
  @Type(() => PublicLabelsDto)
  publicLabels?: PublicLabelsDto;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(5) @Max(480) durationMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(120) bufferBeforeMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(120) bufferAfterMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(5) @Max(240) slotStepMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(43200) minNoticeMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(365) horizonDays?: number;
  @ApiPropertyOptional({ enum: MODES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(MODES, { each: true })
  modes?: Mode[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() intake?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class MeetingTypeResponse extends MeetingTypeFields {
  @ApiProperty() id: string;
  @ApiProperty() unitId: string;
  @ApiProperty() key: string;
  @ApiProperty() active: boolean;
  @ApiProperty(PUBLIC_LABELS_DOC) declare publicLabels: PublicLabelsDto;

  static from(m: MeetingTypeEntity): MeetingTypeResponse {
    // The rest pattern leaves the timestamp and the relation out of the answer.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { createdAt: _c, unit: _u, ...rest } = m;
    return { ...rest, modes: [...m.modes], publicLabels: cleanPublicLabels(m.publicLabels) };
  }
}

export class WhoamiResponse {
  @ApiProperty() caseworker: { id: string; name: string; email: string; role: StaffRole };
  @ApiProperty() unit: { id: string; slug: string; publicName: string; timeZone: string };
}
