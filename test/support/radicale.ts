import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real Radicale CalDAV server on a loopback port, with one htpasswd user and a temp storage folder. */
export interface RadicaleServer {
  /** Server root, e.g. "http://127.0.0.1:40123/" (what a caseworker types as the CalDAV server URL). */
  url: string;
  username: string;
  password: string;
  /**
   * Creates a calendar in the user's home (display name = name, components VEVENT unless given);
   * returns its full href (ends with "/").
   */
  mkcalendar(name: string, options?: { displayName?: string; components?: string[] }): Promise<string>;
  /** Creates or replaces `uid`.ics in calendar `cal` (the name given to mkcalendar, or its full href). */
  putEvent(cal: string, uid: string, ics: string): Promise<void>;
  deleteEvent(cal: string, uid: string): Promise<void>;
  stop(): Promise<void>;
}

/** Whether the radicale binary is on PATH (the caldav Jest project needs it; .ci/run installs it). */
export function radicaleInstalled(): boolean {
  return spawnSync('radicale', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Reply {
  status: number;
  body: string;
}

function send(
  url: string,
  method: string,
  auth: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers: {
          Authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
          ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`radicale exited (${child.exitCode}): ${output()}`);
    const up = await send(url, 'GET', 'probe:probe').then(
      () => true,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`radicale did not answer within 15 s: ${output()}`);
}

/**
 * Starts Radicale (3.x) on a free loopback port: htpasswd auth with one plain-text user, owner_only
 * rights, storage in a fresh temp folder. stop() ends the process and removes the folder.
 */
export async function startRadicale(): Promise<RadicaleServer> {
  const dir = mkdtempSync(join(tmpdir(), 'samtal-radicale-'));
  const username = 'caseworker';
  const password = randomBytes(12).toString('hex');
  const auth = `${username}:${password}`;
  const htpasswd = join(dir, 'users');
  const configFile = join(dir, 'config');
  writeFileSync(htpasswd, `${auth}\n`);

  let child: ChildProcess | null = null;
  let port = 0;
  let output = '';
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = await freePort();
    writeFileSync(
      configFile,
      [
        '[server]',
        `hosts = 127.0.0.1:${port}`,
        '[auth]',
        'type = htpasswd',
        `htpasswd_filename = ${htpasswd}`,
        'htpasswd_encryption = plain',
        'delay = 0',
        '[rights]',
        'type = owner_only',
        '[storage]',
        `filesystem_folder = ${join(dir, 'collections')}`,
        '[web]',
        'type = none',
        '[logging]',
        'level = warning',
        '',
      ].join('\n'),
    );
    output = '';
    const started = spawn('radicale', ['--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    started.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await waitUntilUp(`http://127.0.0.1:${port}/`, started, () => output);
      child = started;
    } catch (err) {
      started.kill('SIGKILL');
      // Another process took the port between freePort() and radicale's bind: try another one.
      if (attempt === 2 || !/address already in use/i.test(output)) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }
  const running = child as ChildProcess;
  const url = `http://127.0.0.1:${port}/`;
  const calendarUrl = (cal: string): string =>
    /^https?:/.test(cal) ? (cal.endsWith('/') ? cal : `${cal}/`) : `${url}${username}/${encodeURIComponent(cal)}/`;
  const expectOk = (what: string, reply: Reply): void => {
    if (reply.status < 200 || reply.status > 299) {
      throw new Error(`radicale ${what} answered ${reply.status}: ${reply.body.slice(0, 500)}`);
    }
  };

  return {
    url,
    username,
    password,
    async mkcalendar(name, options = {}) {
      const href = calendarUrl(name);
      const components = (options.components ?? ['VEVENT']).map((c) => `<C:comp name="${escapeXml(c)}"/>`).join('');
      const body =
        '<?xml version="1.0" encoding="utf-8"?>' +
        '<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>' +
        `<D:displayname>${escapeXml(options.displayName ?? name)}</D:displayname>` +
        `<C:supported-calendar-component-set>${components}</C:supported-calendar-component-set>` +
        '</D:prop></D:set></C:mkcalendar>';
      // The principal collection is created by Radicale on the user's first authenticated request.
      await send(`${url}${username}/`, 'PROPFIND', auth, undefined, { Depth: '0' });
      expectOk(
        'MKCALENDAR',
        await send(href, 'MKCALENDAR', auth, body, { 'Content-Type': 'application/xml; charset=utf-8' }),
      );
      return href;
    },
    async putEvent(cal, uid, ics) {
      expectOk(
        'PUT',
        await send(`${calendarUrl(cal)}${encodeURIComponent(uid)}.ics`, 'PUT', auth, ics, {
          'Content-Type': 'text/calendar; charset=utf-8',
        }),
      );
    },
    async deleteEvent(cal, uid) {
      expectOk('DELETE', await send(`${calendarUrl(cal)}${encodeURIComponent(uid)}.ics`, 'DELETE', auth));
    },
    async stop() {
      if (running.exitCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => running.kill('SIGKILL'), 3000);
          running.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          running.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
