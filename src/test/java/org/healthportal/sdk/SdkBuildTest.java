package org.healthportal.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.healthportal.dev.ProjectPaths;
import org.junit.jupiter.api.Test;

/**
 * The tests compile the SDK's client from the contract themselves (see the root pom), so they prove
 * the published SDK only while both builds generate it alike: from the same contract, with the same
 * generator version and the same settings file.
 */
class SdkBuildTest {

  private static final Pattern GENERATOR_VERSION = Pattern.compile("<openapi-generator.version>([^<]+)</openapi-generator.version>");

  @Test
  void theSdkAndTheTestsGenerateTheClientAlike() throws Exception {
    Path root = ProjectPaths.root();
    String server = Files.readString(root.resolve("pom.xml"));
    String sdk = Files.readString(root.resolve("sdk/pom.xml"));
    assertThat(version(sdk)).isEqualTo(version(server));
    assertThat(sdk).contains("<configurationFile>${project.basedir}/generator.yaml</configurationFile>")
        .contains("<inputSpec>${project.basedir}/../api-spec/openapi.yaml</inputSpec>")
        .contains("<generatorName>java</generatorName>");
    assertThat(server).contains("<configurationFile>${project.basedir}/sdk/generator.yaml</configurationFile>")
        .contains("<inputSpec>${project.basedir}/api-spec/openapi.yaml</inputSpec>")
        .contains("<generatorName>java</generatorName>");
    assertThat(Files.readString(root.resolve("sdk/generator.yaml"))).contains("invokerPackage: org.healthportal.client")
        .contains("useSingleRequestParameter: true");
    // the SDK's hand-written sources (the webhook verifier) are compiled into the tests as they are
    assertThat(server).contains("<source>${project.basedir}/sdk/src/main/java</source>");
    assertThat(root.resolve("sdk/src/main/java/org/healthportal/sdk/webhooks/WebhookVerifier.java")).exists();
    // both builds use the SDK's template, which keeps the positional overloads private
    assertThat(sdk).contains("<templateDirectory>${project.basedir}/templates</templateDirectory>");
    assertThat(server).contains("<templateDirectory>${project.basedir}/sdk/templates</templateDirectory>");
  }

  /** Every public call of the generated client that takes arguments takes one request object (and optional extra headers). */
  @Test
  void operationsWithParametersAreCalledWithOneRequestObject() throws Exception {
    int checked = 0;
    for (Class<?> api : java.util.List.of(org.healthportal.client.api.FacilitiesApi.class, org.healthportal.client.api.TourismApi.class,
        org.healthportal.client.api.FamilyDoctorApi.class, org.healthportal.client.api.RegionsApi.class)) {
      for (java.lang.reflect.Method m : api.getDeclaredMethods()) {
        if (!java.lang.reflect.Modifier.isPublic(m.getModifiers()) || m.getParameterCount() == 0
            || m.getDeclaringClass() != api || m.getName().equals("downloadFileFromResponse")) continue;
        Class<?>[] types = m.getParameterTypes();
        if (types.length == 1 && types[0] == java.util.Map.class) continue; // an operation without parameters, with extra headers
        assertThat(types[0].getSimpleName()).as("%s.%s", api.getSimpleName(), m.getName()).startsWith("API").endsWith("Request");
        if (types.length == 2) assertThat(types[1]).as("%s.%s", api.getSimpleName(), m.getName()).isEqualTo(java.util.Map.class);
        assertThat(types.length).as("%s.%s", api.getSimpleName(), m.getName()).isLessThanOrEqualTo(2);
        checked++;
      }
    }
    assertThat(checked).as("calls checked").isGreaterThan(20);
  }

  private static String version(String pom) {
    Matcher m = GENERATOR_VERSION.matcher(pom);
    assertThat(m.find()).as("openapi-generator.version property").isTrue();
    return m.group(1);
  }
}
