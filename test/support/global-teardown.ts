import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.SAMTAL_TEST_ADMIN_URL;
  const template = process.env.SAMTAL_TEST_TEMPLATE;
  if (adminUrl && template) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
  const pg = (globalThis as { __samtalTestPg?: { stop(): Promise<void> } }).__samtalTestPg;
  if (pg) await pg.stop();
}
