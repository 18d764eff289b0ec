package io.xaccount.sandbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's rooms (docs/layout.md): the session ({@code io.xaccount.sandbox}) and the commands
 * built on it, {@code plan}, {@code bench} and {@code chaos}, each in a package of its own. The
 * commands build on the session, never the reverse, and not on each other. That the operator
 * imports none of them is {@link SandboxIsolationTest}'s rule; that the embedded API imports
 * nothing of the house is {@code ArchitectureTest}'s.
 */
class SandboxRoomsTest {
  private static final String SESSION = "io.xaccount.sandbox";
  private static final List<String> COMMANDS =
      List.of("io.xaccount.sandbox.plan", "io.xaccount.sandbox.bench", "io.xaccount.sandbox.chaos");

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.xaccount");

  @Test
  void theSessionImportsNoneOfTheCommandsBuiltOnIt() {
    noClasses()
        .that()
        .resideInAPackage(SESSION)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(COMMANDS.stream().map(c -> c + "..").toArray(String[]::new))
        .because("plan, bench and chaos build on the session, never the reverse")
        .check(CLASSES);
  }

  @Test
  void theCommandsDoNotImportEachOther() {
    for (String command : COMMANDS) {
      noClasses()
          .that()
          .resideInAPackage(command + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              COMMANDS.stream()
                  .filter(c -> !c.equals(command))
                  .map(c -> c + "..")
                  .toArray(String[]::new))
          .because("what two commands share belongs in the session")
          .check(CLASSES);
    }
  }

  @Test
  void theRoomsAreFreeOfCycles() {
    slices()
        .assignedFrom(ROOMS)
        .should()
        .beFreeOfCycles()
        .because("the arrows between the rooms point one way")
        .check(CLASSES);
  }

  @Test
  void theEmulatorIsARoomOfItsOwn() {
    noClasses()
        .that()
        .resideInAPackage("io.xaccount.emulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.xaccount.operator..", "io.xaccount.kube..", "io.xaccount.sandbox..")
        .because("the emulator is a component: it plays IAM and STS for whoever calls it")
        .check(CLASSES);
  }

  /**
   * One slice per room: the operator, the embedded API, the emulator, the session and each command
   * (the operator's own rooms are ArchitectureTest's business).
   */
  private static final SliceAssignment ROOMS =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String pkg = javaClass.getPackageName();
          for (String command : COMMANDS) {
            if (pkg.equals(command) || pkg.startsWith(command + ".")) {
              return SliceIdentifier.of(command);
            }
          }
          for (String room :
              List.of(
                  SESSION, "io.xaccount.kube", "io.xaccount.emulator", "io.xaccount.operator")) {
            if (pkg.equals(room) || pkg.startsWith(room + ".")) {
              return SliceIdentifier.of(room);
            }
          }
          return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "the operator, the embedded API, the emulator, the sandbox session and its commands";
        }
      };
}
