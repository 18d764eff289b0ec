package io.xaccount.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the four rooms of the house apart (../shared/STYLE.md) and the emulator out of prod. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.xaccount");
  }

  @Test
  void noProductionClassDependsOnTheEmulator() {
    noClasses()
        .that()
        .resideInAPackage("io.xaccount.operator..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.xaccount.emulator..")
        .because("the emulator is for tests and the sandbox only")
        .check(classes);
  }

  @Test
  void theEmbeddedKubernetesApiIsARoomOfItsOwn() {
    noClasses()
        .that()
        .resideInAPackage("io.xaccount.kube..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.xaccount.operator..", "io.xaccount.emulator..", "io.xaccount.sandbox..")
        .because("the embedded API is a component: it serves the CRDs it is given, for anyone")
        .check(classes);
  }

  @Test
  void theIamDomainIsPure() {
    noClasses()
        .that()
        .resideInAPackage("io.xaccount.operator.iam..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8..",
            "software.amazon..",
            "io.javaoperatorsdk..",
            "io.xaccount.operator.api..",
            "io.xaccount.operator.aws..",
            "io.xaccount.operator.reconciler..")
        .because("iam holds pure code: documents, desired state and plans")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void theApiHoldsOnlyResourceTypes() {
    noClasses()
        .that()
        .resideInAPackage("io.xaccount.operator.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "software.amazon..",
            "io.javaoperatorsdk..",
            "io.xaccount.operator.iam..",
            "io.xaccount.operator.aws..",
            "io.xaccount.operator.reconciler..")
        .check(classes);
  }

  @Test
  void theAwsAdapterKnowsNothingOfKubernetes() {
    noClasses()
        .that()
        .resideInAPackage("io.xaccount.operator.aws..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8..",
            "io.javaoperatorsdk..",
            "io.xaccount.operator.api..",
            "io.xaccount.operator.reconciler..")
        .check(classes);
  }
}
