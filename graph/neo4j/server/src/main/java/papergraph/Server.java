// Managed local Neo4j for papergraph: embedded Neo4j 5.26 Community serving Bolt on 127.0.0.1, auth on.
package papergraph;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Usage: java -Xmx2g -cp target/classes:target/lib/* papergraph.Server HOME PORT PASSWORD_FILE [PAGECACHE]
 * e.g.   ... papergraph.Server .state/neo4j 7687 .state/neo4j/password 1g
 *
 * The password is read from a file (never argv, which `ps` shows). On every start the `neo4j` user's
 * password is set to the file's content, so the file stays the single source of truth.
 * Prints "papergraph-neo4j ready <version> bolt://127.0.0.1:PORT" once Bolt accepts connections.
 */
public final class Server {
  private static String sha256(String text) throws Exception {
    byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(hash);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: papergraph.Server HOME PORT PASSWORD_FILE [PAGECACHE]");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    String password = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();
    String pagecache = args.length > 3 ? args[3] : "1g";

    DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
        .setConfig(GraphDatabaseSettings.auth_enabled, true)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pagecache))
        // A bulk write of one batch is small, but keep the whole-DBMS transaction budget generous.
        .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, 0L)
        .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(10))
        .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("papergraph-neo4j stopping");
      dbms.shutdown();
      System.out.println("papergraph-neo4j stopped");
      stopped.countDown();
    }, "papergraph-shutdown"));

    // ALTER USER compiles Cypher on a cold JVM (seconds on a loaded machine): only when the password file changed.
    Path applied = home.resolve("password.applied");
    String digest = sha256(password);
    if (!Files.exists(applied) || !Files.readString(applied).strip().equals(digest)) {
      GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
      try {
        system.executeTransactionally(
            "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
      } catch (RuntimeException e) {
        // Neo4j refuses to "change" a password to the same value; anything else is a real failure.
        if (!String.valueOf(e.getMessage()).contains("cannot be the same")) throw e;
      }
      Files.writeString(applied, digest + "\n");
    }

    String version = org.neo4j.kernel.internal.Version.getNeo4jVersion();
    System.out.println("papergraph-neo4j ready " + version + " bolt://127.0.0.1:" + port);
    System.out.flush();
    stopped.await();
  }
}
