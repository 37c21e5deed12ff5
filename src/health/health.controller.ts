import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/staff-principal';
import { DomainError, ErrorCode } from '../common/errors';
import { DatabaseProbe } from './database-probe';
import { ShutdownState } from './shutdown-state';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseProbe,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when the database answers and no migration is pending, and not once the instance is stopping. */
  @Get('ready')
  async ready(): Promise<{ status: 'ok'; database: 'ok'; migrations: 'ok' }> {
    if (this.shutdown.stopping)
      throw new DomainError(ErrorCode.UNAVAILABLE, 'Not ready: this instance is shutting down.');
    try {
      if (!(await this.database.ready())) throw new Error('pending migrations');
    } catch {
      throw new DomainError(ErrorCode.UNAVAILABLE, 'Not ready: the database is unreachable or a migration is pending.');
    }
    return { status: 'ok', database: 'ok', migrations: 'ok' };
  }
}
