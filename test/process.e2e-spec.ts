import { ChildProcess, execFile, spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, TestDatabase } from './support/database';

/** The built service and CLI as a user runs them (npm test builds first), each in a process of its own. */
const DIST = join(__dirname, '..', 'dist', 'src');
const run = promisify(execFile);

function baseEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    JOBS_ENABLED: 'false',
    HOST: '127.0.0.1',
  };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function waitForReady(port: number, child: ChildProcess): Promise<void> {
  const end = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > end) throw new Error('the service did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the service as a process', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('a bad configuration value stops the start with a message naming the variable', async () => {
    const err = await run(process.execPath, [join(DIST, 'main.js')], {
      env: { ...baseEnv(db.url), PORT: 'eighty' },
    }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('PORT');
    const tz = await run(process.execPath, [join(DIST, 'main.js')], {
      env: { ...baseEnv(db.url), DEFAULT_TIME_ZONE: 'Mars/Olympus' },
    }).catch((e) => e);
    expect(tz.code).toBe(1);
    expect(tz.stderr).toContain('DEFAULT_TIME_ZONE');
  });

  it('reachable from outside (HOST=0.0.0.0, no NODE_ENV) it refuses to start without SMTP_URL, and names it', async () => {
    const env: NodeJS.ProcessEnv = {
      ...baseEnv(db.url),
      HOST: '0.0.0.0',
      PORT: String(await freePort()),
      TOKEN_SECRET: 'a-long-random-production-secret-0123456789',
      LIVEKIT_API_SECRET: 'a-real-secret',
    };
    delete env.NODE_ENV;
    const err = await run(process.execPath, [join(DIST, 'main.js')], { env, timeout: 30_000 }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/SMTP_URL: required when HOST \(0\.0\.0\.0\) is reachable from outside/);
  });

  it('create-admin creates the unit and prints a working token alone on its last line', async () => {
    const { stdout } = await run(
      process.execPath,
      [join(DIST, 'cli.js'), 'create-admin', '--unit', 'cli-town', '--email', 'boss@cli-town.example'],
      { env: baseEnv(db.url) },
    );
    const lines = stdout.trim().split('\n');
    const token = lines[lines.length - 1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(stdout).toContain('Created unit "cli-town"');
    // Run again for the same unit: the unit is reused, a new token is issued.
    const again = await run(
      process.execPath,
      [join(DIST, 'cli.js'), 'create-admin', '--unit', 'cli-town', '--email', 'second@cli-town.example'],
      { env: baseEnv(db.url) },
    );
    expect(again.stdout).toContain('Using unit "cli-town"');

    const port = await freePort();
    const child = spawn(process.execPath, [join(DIST, 'main.js')], {
      env: { ...baseEnv(db.url), PORT: String(port) },
      stdio: 'ignore',
    });
    try {
      await waitForReady(port, child);
      const who = await fetch(`http://127.0.0.1:${port}/api/v1/whoami`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(who.status).toBe(200);
      await expect(who.json()).resolves.toMatchObject({
        caseworker: { email: 'boss@cli-town.example', role: 'admin' },
        unit: { slug: 'cli-town' },
      });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('keeps an idle kept-alive connection open past 5 s (above a proxy idle timeout by default)', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(DIST, 'main.js')], {
      env: { ...baseEnv(db.url), PORT: String(port) },
      stdio: 'ignore',
    });
    try {
      await waitForReady(port, child);
      const socket = connect(port, '127.0.0.1');
      let closedAt: number | null = null;
      socket.on('close', () => (closedAt = Date.now()));
      const get = () =>
        new Promise<string>((resolve) => {
          socket.once('data', (c: Buffer) => resolve(c.toString()));
          socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n');
        });
      expect(await get()).toMatch(/^HTTP\/1\.1 200/);
      // The old 5 s would have closed it by now, and a proxy reusing it would have answered 502.
      await new Promise((r) => setTimeout(r, 6_000));
      expect(closedAt).toBeNull();
      expect(await get()).toMatch(/^HTTP\/1\.1 200/);
      socket.destroy();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('on SIGTERM a request in flight still gets its answer, then the process exits cleanly', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(DIST, 'main.js')], {
      env: { ...baseEnv(db.url), PORT: String(port) },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await waitForReady(port, child);
      // A request whose body is still arriving when SIGTERM comes: it is in flight on the server.
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/v1/public/units/nowhere/bookings',
            headers: { 'Content-Type': 'application/json', 'Content-Length': '2' },
          },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.write('{');
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end('}'), 500);
        }, 200);
      });
      const res = await answer;
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(exited).resolves.toBe(0);
      // And it no longer accepts.
      await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
