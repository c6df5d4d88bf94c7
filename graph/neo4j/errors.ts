// Errors of the Neo4j sink, server manager and query runner; tests and the CLI key on `code`, never on text.
import { PapergraphError } from '../../ingest/errors.ts';

export type Neo4jErrorCode =
  /** No Bolt server answered at the URI (refused, timed out, DNS). */
  | 'unreachable'
  /** The server refused the credentials. */
  | 'auth'
  /** `java` is not on PATH: the managed server cannot run. */
  | 'java-missing'
  /** `mvn` is not on PATH: the managed server cannot be fetched. */
  | 'maven-missing'
  /** Fetching/compiling the launcher with Maven failed. */
  | 'server-build'
  /** The managed server did not answer on Bolt in time, or exited while starting. */
  | 'start-failed'
  /** A write statement was sent through `query` without `--write`. */
  | 'write-refused'
  /** A batched write failed after the driver's retries; the message says how far it got. */
  | 'write-failed'
  /** A query failed (syntax, missing parameter, runtime error). */
  | 'query-failed'
  /** A query name/file that does not exist, or a malformed library file. */
  | 'unknown-query'
  /** An invalid option value (batch size, port, parameter). */
  | 'invalid-option'
  /** The database holds no papergraph graph to read back. */
  | 'empty-database';

export class Neo4jSinkError extends PapergraphError<Neo4jErrorCode> {}
