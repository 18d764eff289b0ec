package io.xaccount.emulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the emulator's rooms apart (docs/layout.md): the model at the bottom; the knobs and the
 * evaluation on it; the wire protocol on those; the actions on the wire; the entry point on all.
 */
class EmulatorRoomsTest {
  private static final String EMULATOR = "io.xaccount.emulator..";
  private static final String ENTRY = "io.xaccount.emulator";
  private static final String ACTIONS = "io.xaccount.emulator.actions..";
  private static final String WIRE = "io.xaccount.emulator.wire..";
  private static final String EVALUATION = "io.xaccount.emulator.evaluation..";
  private static final String KNOBS = "io.xaccount.emulator.knobs..";
  private static final String MODEL = "io.xaccount.emulator.model..";

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.xaccount");
  }

  @Test
  void theEmulatorIsAComponentOfItsOwn() {
    noClasses()
        .that()
        .resideInAPackage(EMULATOR)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.xaccount.operator..", "io.xaccount.sandbox..", "io.xaccount.kube..")
        .because("the emulator serves IAM and STS to anyone: the operator's tests, the sandbox")
        .check(classes);
  }

  @Test
  void evaluationImportsNoWireCode() {
    noClasses()
        .that()
        .resideInAPackage(EVALUATION)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(WIRE, ACTIONS, KNOBS, ENTRY)
        .because(
            "the evaluator is IAM's evaluation logic over the account's model, read in one place"
                + " against the IAM User Guide")
        .check(classes);
  }

  @Test
  void theModelIsTheBottomRoom() {
    noClasses()
        .that()
        .resideInAPackage(MODEL)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(WIRE, ACTIONS, EVALUATION, KNOBS, ENTRY)
        .because("what an account holds does not depend on how it is asked or decided")
        .check(classes);
  }

  @Test
  void theRoomsAreLayered() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("entry point")
        .definedBy(ENTRY)
        .layer("actions")
        .definedBy(ACTIONS)
        .layer("wire")
        .definedBy(WIRE)
        .layer("evaluation")
        .definedBy(EVALUATION)
        .layer("knobs")
        .definedBy(KNOBS)
        .layer("model")
        .definedBy(MODEL)
        .whereLayer("entry point")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("actions")
        .mayOnlyBeAccessedByLayers("entry point")
        .whereLayer("wire")
        .mayOnlyBeAccessedByLayers("actions", "entry point")
        .whereLayer("evaluation")
        .mayOnlyBeAccessedByLayers("wire", "actions", "entry point")
        .whereLayer("knobs")
        .mayOnlyBeAccessedByLayers("wire", "entry point")
        .check(classes);
  }

  @Test
  void noCyclesBetweenTheRooms() {
    slices().matching("io.xaccount.emulator.(*)..").should().beFreeOfCycles().check(classes);
  }
}
