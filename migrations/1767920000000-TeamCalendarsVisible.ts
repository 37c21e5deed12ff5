import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unit's choice whether caseworkers see the team's calendars (colleagues' weeks and the team day,
 * without absence notes); off by default, so a caseworker sees only their own (docs/product-rules.md, rule 12).
 */
export class TeamCalendarsVisible1767920000000 implements MigrationInterface {
  name = 'TeamCalendarsVisible1767920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE units ADD COLUMN team_calendars_visible boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE units DROP COLUMN team_calendars_visible`);
  }
}
