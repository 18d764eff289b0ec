package io.xaccount.sandbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The sandbox stays out of the operator: only the {@code sandbox} argument reaches it. */
class SandboxIsolationTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.xaccount");

  @Test
  void noOperatorClassDependsOnTheSandboxOrItsMockServer() {
    noClasses()
        .that()
        .resideInAPackage("io.xaccount.operator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.xaccount.sandbox..",
            "io.xaccount.kube..",
            "io.fabric8.kubernetes.client.server.mock..",
            "io.fabric8.mockwebserver..")
        .because("the main class reaches the sandbox by name, only for `sandbox`")
        .check(CLASSES);
  }
}
