// Which Neo4j to talk to (NEO4J_* environment or the managed local server) and a driver that fails fast.
import neo4j, { type Driver } from 'neo4j-driver';
import { Neo4jSinkError } from './errors.ts';

/** Where the connection settings came from: Neo4j's own env names, or papergraph's managed server. */
export type ConnectionKind = 'env' | 'managed';

export interface ConnectionSettings {
  kind: ConnectionKind;
  uri: string;
  username: string;
  password: string;
  /** Database name; undefined = the server's default database. */
  database?: string;
}

export interface DriverOptions {
  /**
   * Milliseconds to open one connection and get a Bolt answer before giving up ("unreachable"); also bounds a port
   * that accepts TCP but never answers.
   */
  connectionTimeoutMs: number;
  /** Milliseconds the driver keeps retrying a managed transaction after transient failures. */
  maxTransactionRetryTimeMs: number;
}

export const DRIVER_DEFAULTS: DriverOptions = {
  connectionTimeoutMs: 5_000,
  maxTransactionRetryTimeMs: 30_000,
};

/** Settings from NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE, or undefined when NEO4J_URI is unset. */
export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionSettings | undefined {
  const uri = env.NEO4J_URI?.trim();
  if (!uri) return undefined;
  const settings: ConnectionSettings = {
    kind: 'env',
    uri,
    username: env.NEO4J_USERNAME ?? env.NEO4J_USER ?? 'neo4j',
    password: env.NEO4J_PASSWORD ?? '',
  };
  if (env.NEO4J_DATABASE) settings.database = env.NEO4J_DATABASE;
  return settings;
}

/**
 * Creates a driver and checks that the server answers and accepts the credentials.
 * Unreachable → `unreachable` naming the URI (within connectionTimeoutMs); refused credentials → `auth`.
 */
export async function openDriver(settings: ConnectionSettings, options: Partial<DriverOptions> = {}): Promise<Driver> {
  const o = { ...DRIVER_DEFAULTS, ...options };
  const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.username, settings.password), {
    connectionTimeout: o.connectionTimeoutMs,
    connectionAcquisitionTimeout: o.connectionTimeoutMs + 1_000,
    maxTransactionRetryTime: o.maxTransactionRetryTimeMs,
    // Integers come back as JS numbers: counts and ids in a papergraph database stay far below 2^53.
    disableLosslessIntegers: true,
    logging: { level: 'error', logger: () => {} },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    // getServerInfo opens a connection and authenticates (HELLO/LOGON), so both failures surface here. The driver's
    // own timeouts let a port that accepts but never answers hang for the acquisition timeout and more; our timer
    // bounds it.
    const silent = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new SilentServerError(o.connectionTimeoutMs)), o.connectionTimeoutMs);
    });
    await Promise.race([driver.getServerInfo(settings.database ? { database: settings.database } : {}), silent]);
  } catch (err) {
    // Closing waits for connections being opened; a silent server would hold it, so do not wait for it.
    void driver.close().catch(() => {});
    throw classifyConnectionError(err, settings);
  } finally {
    clearTimeout(timer);
  }
  return driver;
}

class SilentServerError extends Error {
  constructor(ms: number) {
    super(`no Bolt answer within ${(ms / 1000).toFixed(0)} s`);
  }
}

/** Maps driver errors to one-line sink errors that name the URI. */
export function classifyConnectionError(err: unknown, settings: Pick<ConnectionSettings, 'uri' | 'username' | 'kind'>): Error {
  if (err instanceof Neo4jSinkError) return err;
  const code = String((err as { code?: string }).code ?? '');
  const message = String((err as Error).message ?? err);
  const hint = settings.kind === 'managed' ? ' (run `npx papergraph db start`)' : ' (check NEO4J_URI)';
  if (err instanceof SilentServerError) {
    return new Neo4jSinkError('unreachable', `Neo4j is not reachable at ${settings.uri}: something accepts connections there but gave ${err.message}${hint}`, { cause: err });
  }
  if (code === 'Neo.ClientError.Security.AuthenticationRateLimit') {
    return new Neo4jSinkError(
      'auth-rate-limit',
      `Neo4j at ${settings.uri} is refusing logins for user "${settings.username}" for a few seconds: too many failed logins in a row ` +
        '(another program tried wrong passwords); wait a few seconds and retry',
      { cause: err },
    );
  }
  if (code.startsWith('Neo.ClientError.Security.')) {
    const fix = settings.kind === 'managed'
      ? 'the managed server password file and the server disagree; run `npx papergraph db stop` then `db start`'
      : 'check NEO4J_USERNAME / NEO4J_PASSWORD';
    return new Neo4jSinkError('auth', `Neo4j at ${settings.uri} refused user "${settings.username}": authentication failed; ${fix}`, { cause: err });
  }
  if (code === 'ServiceUnavailable' || code === 'SessionExpired' || /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|connect|timeout/i.test(message)) {
    return new Neo4jSinkError('unreachable', `Neo4j is not reachable at ${settings.uri}${hint}`, { cause: err });
  }
  return new Neo4jSinkError('unreachable', `Neo4j at ${settings.uri} failed: ${firstLine(message)}`, { cause: err });
}

export function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}
