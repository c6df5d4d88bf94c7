// Errors of the Neo4j sink, server manager and query runner; tests and the CLI key on `code`, never on text.
import { PapergraphError } from '../../ingest/errors.ts';

export type Neo4jErrorCode =
  /** No Bolt server answered at the URI (refused, timed out, DNS, or a port that accepts but never speaks Bolt). */
  | 'unreachable'
  /** The server refused the credentials. */
  | 'auth'
  /** Too many failed logins in a row: Neo4j blocks the user for a few seconds (someone tried wrong passwords). */
  | 'auth-rate-limit'
  /** `java` is not on PATH: the managed server cannot run. */
  | 'java-missing'
  /** `mvn` is not on PATH: the managed server cannot be fetched. */
  | 'maven-missing'
  /** Fetching/compiling the launcher with Maven failed. */
  | 'server-build'
  /** The managed server did not answer on Bolt in time, or exited while starting. */
  | 'start-failed'
  /** neo4j-admin's bulk importer failed. */
  | 'import-failed'
  /** Another papergraph write holds the database (or the managed server's write lock) and did not finish in time. */
  | 'locked'
  /** A write statement was sent through `query` without `--write`. */
  | 'write-refused'
  /** A read-only `query` uses something outside the allow-list (LOAD CSV, administration commands, a procedure). */
  | 'query-refused'
  /** A batched write failed after the driver's retries; the message says how far it got. */
  | 'write-failed'
  /** A query failed (syntax, runtime error, timeout). */
  | 'query-failed'
  /** The query ran longer than its transaction timeout. */
  | 'query-timeout'
  /** A query name/file that does not exist, or a malformed library file. */
  | 'unknown-query'
  /** An invalid option value (batch size, port, parameter). */
  | 'invalid-option'
  /** A `--param` the query does not use, or a parameter the query needs that was not given. */
  | 'invalid-param'
  /** The database holds no papergraph graph to read back. */
  | 'empty-database';

export class Neo4jSinkError extends PapergraphError<Neo4jErrorCode> {}
