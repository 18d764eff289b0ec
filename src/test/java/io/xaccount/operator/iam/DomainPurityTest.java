package io.xaccount.operator.iam;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain stays pure: nothing of Kubernetes, the AWS SDK or the operator's other rooms. */
class DomainPurityTest {

  @Test
  void iamImportsOnlyTheJdkAndJackson() {
    noClasses()
        .that()
        .resideInAPackage("io.xaccount.operator.iam..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8..",
            "software.amazon..",
            "io.javaoperatorsdk..",
            "io.quarkus..",
            "io.xaccount.operator.api..",
            "io.xaccount.operator.aws..",
            "io.xaccount.operator.reconciler..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.xaccount.operator.iam"));
  }
}
