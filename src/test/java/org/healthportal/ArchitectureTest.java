package org.healthportal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Features stay apart, and only the platform touches infrastructure clients. */
class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.healthportal");

  @Test
  void featuresDoNotReachIntoEachOther() {
    slices().matching("org.healthportal.(*)..")
        .namingSlices("$1")
        .should().notDependOnEachOther()
        .ignoreDependency(com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage("org.healthportal.platform..", "org.healthportal.api..",
                // a feature's published interface is the one part others may use
                "org.healthportal.*.published.."))
        .check(CLASSES);
  }

  @Test
  void onlyThePlatformTouchesInfrastructureClients() {
    noClasses().that().resideOutsideOfPackages("org.healthportal.platform..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.lettuce..", "org.flywaydb..", "io.zonky..", "redis.embedded..", "io.vertx.ext.auth.oauth2..", "io.micrometer..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  @Test
  void platformDoesNotDependOnFeatures() {
    noClasses().that().resideInAPackage("org.healthportal.platform..")
        .should().dependOnClassesThat().resideInAnyPackage("org.healthportal.regions..", "org.healthportal.identity..", "org.healthportal.facilities..",
            "org.healthportal.residents..", "org.healthportal.familydoctor..")
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
