package org.healthportal.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import org.healthportal.dev.EmbeddedPostgresServer;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A managed PostgreSQL speaks TLS: with {@code db.ssl-mode=verify-full} and the provider's CA file,
 * both the migration connection (JDBC) and the reactive pool verify the server and encrypt; a server
 * whose certificate the CA did not sign is refused before anything is sent.
 */
class DatabaseTlsTest {

  private final TestEnv env = TestEnv.get();

  @Test
  void migrationsAndThePoolUseVerifiedTlsAndRefuseAnUnknownServer(@TempDir Path dir) throws Exception {
    Path serverCert = selfSigned(dir, "server");
    Path otherCa = selfSigned(dir, "other");
    try (EmbeddedPostgresServer tls = EmbeddedPostgresServer.start(0, null, Map.of(
        "ssl", "on",
        "ssl_cert_file", dir.resolve("server.crt").toString(),
        "ssl_key_file", dir.resolve("server.key").toString()))) {
      String url = "postgresql://127.0.0.1:" + tls.port() + "/postgres";

      TestEnv.Instance instance = env.startApp(Map.of("db.url", url, "db.ssl-mode", "verify-full",
          "db.ssl-root-cert", serverCert.toString(), "demo-data.enabled", "false"));
      try {
        assertThat(instance.http().get("/health/ready").status()).isEqualTo(200);
        assertThat(instance.http().get("/v1/regions?level=city").status()).isEqualTo(200);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + tls.port() + "/postgres?sslmode=disable",
            "postgres", "postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE s.ssl), count(*) FROM pg_stat_ssl s"
                 + " JOIN pg_stat_activity a USING (pid) WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()")) {
          rs.next();
          assertThat(rs.getLong(2)).as("the pool's connections").isPositive();
          assertThat(rs.getLong(1)).as("encrypted connections").isEqualTo(rs.getLong(2));
          assertThat(count(c, "SELECT count(*) FROM flyway_schema_history")).as("migrated over TLS").isPositive();
        }
      } finally {
        instance.stop();
      }

      assertThatThrownBy(() -> env.startApp(Map.of("db.url", url, "db.ssl-mode", "verify-full",
              "db.ssl-root-cert", otherCa.toString(), "demo-data.enabled", "false")))
          .as("a server certificate from another CA")
          .hasStackTraceContaining("SSL error").hasStackTraceContaining("PKIX path validation failed");
    }
  }

  private static long count(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A self-signed certificate for localhost and 127.0.0.1 (it is its own CA), as PEM files {@code name.crt} and {@code name.key}. */
  private static Path selfSigned(Path dir, String name) throws Exception {
    Path store = dir.resolve(name + ".p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor()).as(output).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(store.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    Certificate cert = ks.getCertificate(name);
    Path crt = Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE", cert.getEncoded()));
    Path key = Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", ks.getKey(name, "changeit".toCharArray()).getEncoded()));
    // PostgreSQL refuses a private key that others can read.
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    return crt;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
