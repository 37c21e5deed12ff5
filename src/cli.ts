import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { ENTITIES } from './app.entities';
import { dataSourceOptions, runMigrations } from './database/data-source';
import { resolveDatabase } from './database/resolve-database';
import { ensureStaff, ensureUnit, issueStaffToken } from './units/unit-bootstrap';

const USAGE = `Usage:
  npm run cli -- create-admin --unit <slug> --email <email> [--name <name>] [--public-name <name>] [--time-zone <IANA zone>]
      Creates the unit when it is new, and an admin; prints a bearer token alone on the last line.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'create-admin') {
    process.stderr.write(`${USAGE}\n`);
    return command ? 2 : 0;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      unit: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      'public-name': { type: 'string' },
      'time-zone': { type: 'string' },
    },
  });
  if (
    !values.unit ||
    !/^[a-z0-9][a-z0-9-]{0,62}$/.test(values.unit) ||
    !values.email ||
    !/^[^@\s]+@[^@\s]+$/.test(values.email)
  ) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const db = await resolveDatabase(config);
  const ds = new DataSource(dataSourceOptions(db.url, ENTITIES, 2));
  try {
    await runMigrations(db.url);
    await ds.initialize();
    const { unit, created } = await ensureUnit(ds, values.unit, {
      publicName: values['public-name'] ?? values.unit,
      timeZone: values['time-zone'] ?? config.DEFAULT_TIME_ZONE,
    });
    const admin = await ensureStaff(ds, unit.id, {
      email: values.email,
      name: values.name ?? values.email,
      role: 'admin',
    });
    if (admin.role !== 'admin') {
      await ds.query(`UPDATE caseworkers SET role = 'admin' WHERE id = $1`, [admin.id]);
    }
    const token = await issueStaffToken(ds, admin.id, 'Command line (create-admin)');
    process.stdout.write(
      `${created ? 'Created' : 'Using'} unit "${unit.slug}" (${unit.id}); admin ${admin.email} (${admin.id}).\n`,
    );
    process.stdout.write(`Bearer token (shown once):\n${token}\n`);
    return 0;
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
