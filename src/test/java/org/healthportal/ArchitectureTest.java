package org.healthportal;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Features stay apart, the platform depends on no feature, only the platform touches infrastructure
 * clients, and the Java migrations ({@code db.migration}, {@code db.demo}) are held to rules too.
 */
class ArchitectureTest {

  /** Everything this project compiles into the artifact: the application and the Java migrations. */
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
      .importPackages("org.healthportal", "db");

  @Test
  void theJavaMigrationsAreImported() {
    assertThat(CLASSES.stream().filter(c -> c.getPackageName().startsWith("db.")).map(c -> c.getName()))
        .contains("db.demo.V1__demo_facilities");
  }

  @Test
  void featuresDoNotReachIntoEachOther() {
    slices().matching("org.healthportal.(*)..")
        .namingSlices("$1")
        .should().notDependOnEachOther()
        .ignoreDependency(DescribedPredicate.alwaysTrue(),
            resideInAnyPackage("org.healthportal.platform..", "org.healthportal.api..",
                // a feature's published interface is the one part others may use
                "org.healthportal.*.published.."))
        .check(CLASSES);
  }

  @Test
  void onlyThePlatformTouchesInfrastructureClients() {
    // A Java migration is Flyway's by definition: javaMigrationsStandApart allows it Flyway's migration API and nothing else.
    noClasses().that().resideOutsideOfPackages("org.healthportal.platform..", "db..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.lettuce..", "org.flywaydb..", "io.zonky..", "redis.embedded..", "io.vertx.ext.auth.oauth2..", "io.micrometer..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  /** Named by what it may use, not by the features it may not: a new feature is covered without editing this rule. */
  @Test
  void platformDependsOnlyOnPlatformAndTheGeneratedModel() {
    noClasses().that().resideInAPackage("org.healthportal.platform..")
        .should().dependOnClassesThat(
            DescribedPredicate.describe("are of this project outside the platform and the generated model",
                c -> (c.getPackageName().startsWith("org.healthportal") || c.getPackageName().startsWith("db."))
                    && !c.getPackageName().startsWith("org.healthportal.platform") && !c.getPackageName().startsWith("org.healthportal.api")))
        .check(CLASSES);
  }

  /**
   * A migration must give the same result whenever it runs, so it uses JDBC, Flyway's migration API
   * and the demo data's generator, and no application code that may change under it; nothing uses it.
   */
  @Test
  void javaMigrationsStandApart() {
    classes().that().resideInAPackage("db..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("db..", "java..", "javax..", "org.flywaydb.core.api.migration..",
            "org.healthportal.facilities.generator..")
        .check(CLASSES);
    noClasses().that().resideOutsideOfPackage("db..")
        .should().dependOnClassesThat().resideInAPackage("db..")
        .check(CLASSES);
  }

  @Test
  void featuresDoNotUseTheLocalDevServices() {
    noClasses().that().resideOutsideOfPackages("org.healthportal.dev..")
        .and().doNotHaveSimpleName("App")
        .should().dependOnClassesThat().resideInAPackage("org.healthportal.dev..")
        .check(CLASSES);
  }
}
