import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { Locale, LOCALES } from '../common/locale';
import { ClientEntity } from './client.entity';

export class ClientFields {
  @ApiProperty({ example: 'Sara Lind' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: 'sara@example.org' }) @IsEmail() @MaxLength(254) email: string;
  @ApiPropertyOptional({ example: '+46 70 123 45 67' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: 'phone must be a phone number' })
  phone?: string;
  @ApiPropertyOptional({ enum: LOCALES }) @IsOptional() @IsIn(LOCALES) locale?: Locale;
}

export class CreateClientDto extends ClientFields {
  @ApiPropertyOptional({ description: "The client's own caseworker" }) @IsOptional() @IsUUID() caseworkerId?: string;
}

export class ClientResponse {
  @ApiProperty() id: string;
  @ApiProperty() unitId: string;
  @ApiProperty({ nullable: true, type: String }) caseworkerId: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty() locale: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) erasedAt: string | null;

  /** Never the client's personal link: it goes to the client only (docs/product-rules.md, rule 12). */
  static from(c: ClientEntity): ClientResponse {
    return {
      id: c.id,
      unitId: c.unitId,
      caseworkerId: c.caseworkerId,
      name: c.name,
      email: c.email,
      phone: c.phone,
      locale: c.locale,
      createdAt: c.createdAt.toISOString(),
      erasedAt: c.erasedAt?.toISOString() ?? null,
    };
  }
}

export class PersonalLinkSentResponse {
  @ApiProperty({
    enum: ['email'],
    isArray: true,
    description: 'The channels the new link went by (email today; SMS once it exists)',
  })
  sentTo: Array<'email'>;
}
