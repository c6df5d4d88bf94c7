// Managed local Neo4j for papergraph: embedded Neo4j 5.26 Community serving Bolt on 127.0.0.1, auth on, hardened.
package papergraph;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import inet.ipaddr.IPAddressString;
import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Usage: java -Xmx2g -cp CLASSPATH papergraph.Server --home=DIR --port=N --password-file=FILE
 *            [--pagecache=1g] [--import-dir=DIR] [--transaction-timeout=600]
 * e.g.   ... papergraph.Server --home=~/.local/state/papergraph/neo4j/home --port=7687 --password-file=.../password
 *
 * The password is read from a file (never argv, which `ps` shows) and is set before Bolt accepts any connection: a
 * new system database is created with it (neo4j-admin's set-initial-password, run in this JVM); when the password
 * file changed since it was applied, the DBMS first starts without Bolt, sets it, stops, and only then starts with
 * Bolt. The digest of the applied password lives in data/papergraph/password.sha256, inside the data folder, so
 * deleting the data deletes it too.
 *
 * LOAD CSV can neither read files (file URLs off, import folder empty) nor fetch URLs (every address blocked), and
 * every transaction has a timeout. Prints "papergraph-neo4j ready <version> bolt://127.0.0.1:PORT" once Bolt
 * accepts connections.
 */
public final class Server {
  private static String sha256(String text) throws Exception {
    byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(hash);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) usage("unexpected argument " + arg);
      options.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    for (String required : List.of("home", "port", "password-file")) {
      if (!options.containsKey(required)) usage("missing --" + required);
    }
    return options;
  }

  private static void usage(String problem) {
    System.err.println("papergraph.Server: " + problem);
    System.err.println("usage: papergraph.Server --home=DIR --port=N --password-file=FILE [--pagecache=1g] [--import-dir=DIR] [--transaction-timeout=SECONDS]");
    System.exit(2);
  }

  private static DatabaseManagementService start(Path home, boolean bolt, int port, Map<String, String> o) throws Exception {
    Path importDir = Path.of(o.getOrDefault("import-dir", home.resolve("import").toString())).toAbsolutePath();
    Files.createDirectories(importDir);
    DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
        .setConfig(GraphDatabaseSettings.auth_enabled, true)
        .setConfig(BoltConnector.enabled, bolt)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(o.getOrDefault("pagecache", "1g")))
        // A bulk write of one batch is small, but keep the whole-DBMS transaction budget generous.
        .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, 0L)
        .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(10))
        .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(Long.parseLong(o.getOrDefault("transaction-timeout", "600"))))
        // LOAD CSV: no file URLs, an import folder holding nothing, and no address it may fetch from.
        .setConfig(GraphDatabaseSettings.allow_file_urls, false)
        .setConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
        .setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist, List.of(new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")));
    return builder.build();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = parse(args);
    Path home = Path.of(o.get("home")).toAbsolutePath();
    int port = Integer.parseInt(o.get("port"));
    String password = Files.readString(Path.of(o.get("password-file")), StandardCharsets.UTF_8).strip();

    AtomicReference<DatabaseManagementService> current = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("papergraph-neo4j stopping");
      DatabaseManagementService dbms = current.getAndSet(null);
      if (dbms != null) dbms.shutdown();
      System.out.println("papergraph-neo4j stopped");
      stopped.countDown();
    }, "papergraph-shutdown"));

    // A marker from before it moved into the data folder says nothing about the database now there.
    Files.deleteIfExists(home.resolve("password.applied"));
    Path applied = home.resolve("data").resolve("papergraph").resolve("password.sha256");
    boolean systemExists = Files.isDirectory(home.resolve("data").resolve("databases").resolve("system"));
    String digest = sha256(password);
    if (!systemExists) {
      // A new system database: neo4j-admin's set-initial-password (data/dbms/auth.ini) makes it start with the
      // password already set, in one start. The password goes in memory, not on a command line.
      int code = AdminTool.execute(new ExecutionContext(home, home.resolve("conf")), "dbms", "set-initial-password", password);
      if (code != 0) throw new IllegalStateException("set-initial-password failed with exit code " + code);
      Files.createDirectories(applied.getParent());
      Files.writeString(applied, digest + "\n");
    } else if (!Files.exists(applied) || !Files.readString(applied).strip().equals(digest)) {
      // The password file changed: Bolt stays closed until the new password is set.
      DatabaseManagementService setup = start(home, false, port, o);
      current.set(setup);
      try {
        setup.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
            "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
      } catch (RuntimeException e) {
        // Neo4j refuses to "change" a password to the same value; anything else is a real failure.
        if (!String.valueOf(e.getMessage()).contains("cannot be the same")) throw e;
      }
      Files.createDirectories(applied.getParent());
      Files.writeString(applied, digest + "\n");
      if (current.compareAndSet(setup, null)) setup.shutdown();
      else return; // stopped while setting the password
      System.out.println("papergraph-neo4j password set");
    }

    DatabaseManagementService dbms = start(home, true, port, o);
    current.set(dbms);
    if (stopped.getCount() == 0 && current.compareAndSet(dbms, null)) {
      dbms.shutdown(); // stopped while starting
      return;
    }
    String version = org.neo4j.kernel.internal.Version.getNeo4jVersion();
    System.out.println("papergraph-neo4j ready " + version + " bolt://127.0.0.1:" + port);
    System.out.flush();
    stopped.await();
  }
}
