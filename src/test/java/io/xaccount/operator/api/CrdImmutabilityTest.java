package io.xaccount.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the CRDs' transition rules (those using {@code oldSelf}) on updates: identity fields the
 * operator keys AWS resources by must not change, everything else may.
 */
class CrdImmutabilityTest {
  private static final Path ACCOUNT = Path.of("examples/seed/00-accounts.yaml");
  private static final Path ROLE =
      Path.of("src/test/resources/crd-fixtures/valid-role-everything.yaml");
  private static final Path GRANT =
      Path.of("src/test/resources/crd-fixtures/valid-grant-role-arn.yaml");
  private static final Consumer<ObjectNode> NONE = o -> {};
  private static final CrdValidator VALIDATOR = new CrdValidator();

  static Stream<Arguments> rejectedUpdates() {
    return Stream.of(
        update("AwsAccount accountId changed", ACCOUNT, NONE, set("accountId", "222222222222")),
        update("CrossAccountRole accountRef changed", ROLE, NONE, set("accountRef", "dev")),
        update("CrossAccountRole roleName changed", ROLE, NONE, set("roleName", "Other")),
        update("CrossAccountRole roleName added", ROLE, remove("roleName"), NONE),
        update("CrossAccountRole roleName removed", ROLE, NONE, remove("roleName")),
        update("CrossAccountRole path changed", ROLE, NONE, set("path", "/team/b/")),
        update("CrossAccountRole path added", ROLE, remove("path"), NONE),
        update("CrossAccountRole path removed", ROLE, NONE, remove("path")),
        update("AssumeRoleGrant accountRef changed", GRANT, NONE, set("accountRef", "prod")));
  }

  static Stream<Arguments> acceptedUpdates() {
    return Stream.of(
        update("AwsAccount unchanged", ACCOUNT, NONE, NONE),
        update("CrossAccountRole unchanged", ROLE, NONE, NONE),
        update("AssumeRoleGrant unchanged", GRANT, NONE, NONE),
        update("CrossAccountRole description changed", ROLE, NONE, set("description", "New")),
        update(
            "CrossAccountRole managedPolicyArns changed",
            ROLE,
            NONE,
            o ->
                spec(o)
                    .putArray("managedPolicyArns")
                    .add("arn:aws:iam::aws:policy/ViewOnlyAccess")),
        update(
            "AssumeRoleGrant principals changed",
            GRANT,
            NONE,
            o -> spec(o).putObject("principals").putArray("groups").add("ops")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedUpdates")
  void identityChangeIsRejected(
      String name, Path base, Consumer<ObjectNode> editOld, Consumer<ObjectNode> editNew) {
    ObjectNode oldObject = edited(base, editOld);
    ObjectNode newObject = edited(base, editNew);
    // Both sides must be valid on their own, so only the transition rule can reject the update.
    assertThat(VALIDATOR.validateCreate(oldObject)).as("old object").isEmpty();
    assertThat(VALIDATOR.validateCreate(newObject)).as("new object").isEmpty();

    assertThat(VALIDATOR.validateUpdate(oldObject, newObject))
        .as(name)
        .anySatisfy(error -> assertThat(error).contains("is immutable"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedUpdates")
  void mutableChangeIsAccepted(
      String name, Path base, Consumer<ObjectNode> editOld, Consumer<ObjectNode> editNew) {
    assertThat(VALIDATOR.validateUpdate(edited(base, editOld), edited(base, editNew)))
        .as(name)
        .isEmpty();
  }

  private static Arguments update(
      String name, Path base, Consumer<ObjectNode> editOld, Consumer<ObjectNode> editNew) {
    return Arguments.of(name, base, editOld, editNew);
  }

  private static ObjectNode edited(Path base, Consumer<ObjectNode> edit) {
    ObjectNode object = CrdSchemas.readSingle(base);
    edit.accept(object);
    return object;
  }

  private static ObjectNode spec(ObjectNode object) {
    return (ObjectNode) object.get("spec");
  }

  private static Consumer<ObjectNode> set(String field, String value) {
    return o -> spec(o).put(field, value);
  }

  private static Consumer<ObjectNode> remove(String field) {
    return o -> spec(o).remove(field);
  }
}
