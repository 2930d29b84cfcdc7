package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.healthportal.dev.ProjectPaths;
import org.junit.jupiter.api.Test;

/**
 * The classes that reach into Vert.x internals were written for the versions docs/vertx-workarounds.md
 * names; another version on the classpath fails here until that page has been gone through again.
 */
class VertxWorkaroundsTest {

  private static final Path PAGE = ProjectPaths.root().resolve("docs/vertx-workarounds.md");
  private static final Pattern ROW = Pattern.compile("^\\| (io\\.vertx):([\\w-]+) \\| ([\\w.-]+) \\|$", Pattern.MULTILINE);

  /** The artifacts and versions the page says it was checked against. */
  private static Map<String, String> pageVersions() throws IOException {
    Map<String, String> versions = new LinkedHashMap<>();
    Matcher m = ROW.matcher(Files.readString(PAGE));
    while (m.find()) versions.put(m.group(1) + ":" + m.group(2), m.group(3));
    return versions;
  }

  /** The version of an artifact on the classpath, from the pom.properties Maven packs into its jar. */
  private static String classpathVersion(String groupAndArtifact) throws IOException {
    String[] ga = groupAndArtifact.split(":");
    String resource = "META-INF/maven/" + ga[0] + "/" + ga[1] + "/pom.properties";
    try (InputStream in = Vertx.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) return "absent (no " + resource + ")";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }

  @Test
  void theClasspathHasTheVertxVersionsTheWorkaroundsWereCheckedAgainst() throws IOException {
    Map<String, String> written = pageVersions();
    assertThat(written).as("the version table of " + PAGE).containsKeys("io.vertx:vertx-core", "io.vertx:vertx-openapi",
        "io.vertx:vertx-web-openapi-router", "io.vertx:vertx-json-schema", "io.vertx:vertx-auth-oauth2");
    Map<String, String> found = new LinkedHashMap<>();
    for (String artifact : written.keySet()) found.put(artifact, classpathVersion(artifact));
    assertThat(found)
        .as("Vert.x changed version. InlineRequestValidator, PlainParameterValues, SimpleSchemaCheck, CachingContract and"
            + " LocalTokenProvider copy parts of its internals: go through docs/vertx-workarounds.md (\"When the version"
            + " changes\") against the new version, then update the table there")
        .isEqualTo(written);
  }

  /** The validator cache fills to the size of the contract's schemas, well under its bound. */
  @Test
  void theValidatorCacheHoldsTheContractsSchemasUnderItsBound() {
    Vertx vertx = Vertx.vertx();
    try {
      CachingContract contract = (CachingContract) Contract.load(vertx).await();
      InlineRequestValidator validator = new InlineRequestValidator(vertx, contract, RequestExtractor.withBodyHandler());
      int parameters = 0;
      for (int round = 0; round < 3; round++) {
        for (Operation operation : contract.operations()) {
          for (Parameter parameter : operation.getParameters()) {
            parameters++;
            try {
              validator.validateParameter(parameter, new RequestParameterImpl("x"));
            } catch (RuntimeException refused) {
              // valid or not, the schema's validator was asked for
            }
          }
        }
      }
      long cached = contract.cachedValidators();
      assertThat(cached).as("validators kept after %d parameter validations", parameters).isPositive()
          .isLessThanOrEqualTo(parameters / 3)
          .isLessThan(CachingContract.MAX_VALIDATORS / 4);
    } finally {
      vertx.close().await();
    }
  }
}
