import { ApiProperty } from '@nestjs/swagger';
import { IsIsoInstant } from './validation';

/** `?from=…&to=…` of a listing (checked further by parseRange). */
export class RangeQuery {
  @ApiProperty({ example: '2026-12-01T00:00:00Z' }) @IsIsoInstant() from: string;
  @ApiProperty({ example: '2027-01-01T00:00:00Z' }) @IsIsoInstant() to: string;
}
