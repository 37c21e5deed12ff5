import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The readiness question asked of the database: does it answer, and is no migration pending? */
@Injectable()
export class DatabaseProbe {
  constructor(private readonly db: DataSource) {}

  async ready(): Promise<boolean> {
    await this.db.query('SELECT 1');
    return !(await this.db.showMigrations());
  }
}
