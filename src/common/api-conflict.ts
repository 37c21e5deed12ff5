import { applyDecorators } from '@nestjs/common';
import { ApiConflictResponse, ApiProperty } from '@nestjs/swagger';
import { ErrorCode } from './errors';

/** The one error body (see HttpErrorFilter), as the OpenAPI document shows it. */
export class ErrorBody {
  @ApiProperty({ example: 409 }) statusCode: number;
  @ApiProperty({ enum: ErrorCode, example: ErrorCode.CONFLICT }) code: ErrorCode;
  @ApiProperty({ example: 'This appointment is cancelled and cannot be changed.' }) message: string;
}

/**
 * Declares the operation's 409 answers: `CONFLICT` (the resource's state refuses the change) and,
 * where the operation takes a time, `SLOT_TAKEN`. Each entry is "CODE: when".
 */
export function ApiConflict(...when: string[]): MethodDecorator {
  return applyDecorators(ApiConflictResponse({ type: ErrorBody, description: when.join(' · ') }));
}

/** The appointment is cancelled, completed or a no-show (or still held) and cannot be changed. */
export const NOT_LIVE = `${ErrorCode.CONFLICT}: the appointment is cancelled, completed or marked no-show and cannot be changed`;
export const TAKEN = `${ErrorCode.SLOT_TAKEN}: that time was just taken`;
/** A change of a meeting whose caseworker was deactivated (it is reassigned first). */
export const LEAVER = `${ErrorCode.CONFLICT}: the appointment's caseworker is deactivated; it is reassigned first`;
/** Staff booking for, or reassigning to, a caseworker who was deactivated. */
export const INACTIVE = `${ErrorCode.CONFLICT}: the caseworker is deactivated and takes no new appointments`;
