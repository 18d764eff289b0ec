package io.xaccount.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the examples and fixtures against the checked-in CRDs (schema with unknown fields
 * rejected, plus CEL rules), so a CRD change that breaks what users apply fails the build.
 */
class CrdSchemaValidationTest {
  private static final Path EXAMPLES = Path.of("examples");
  private static final Path FIXTURES = Path.of("src/test/resources/crd-fixtures");
  private static final String EXPECT = "# expect:";
  private static final CrdValidator VALIDATOR = new CrdValidator();

  static Stream<Arguments> exampleDocuments() {
    List<Arguments> documents = new ArrayList<>();
    for (Path file : CrdSchemas.listFiles(EXAMPLES)) {
      if (!file.toString().matches(".*\\.ya?ml")) {
        continue;
      }
      List<JsonNode> docs = CrdSchemas.readDocuments(file);
      for (int i = 0; i < docs.size(); i++) {
        // The built-in kinds beside ours (the seed's Namespace) have no CRD to check against.
        if (docs.get(i).path("apiVersion").asText().startsWith("xaccount.io/")) {
          documents.add(Arguments.of(file + " document " + i, docs.get(i)));
        }
      }
    }
    return documents.stream();
  }

  static Stream<Arguments> validFixtures() {
    return fixtures("valid-").map(f -> Arguments.of(f.getFileName().toString(), f));
  }

  static Stream<Arguments> invalidFixtures() {
    return fixtures("invalid-").map(f -> Arguments.of(f.getFileName().toString(), f));
  }

  private static Stream<Path> fixtures(String prefix) {
    return CrdSchemas.listFiles(FIXTURES).stream()
        .filter(f -> f.getFileName().toString().startsWith(prefix));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleDocuments")
  void exampleIsValid(String document, JsonNode object) {
    assertThat(VALIDATOR.validateCreate(object)).as(document).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFixtures")
  void validFixtureIsValid(String name, Path file) {
    assertThat(VALIDATOR.validateCreate(CrdSchemas.readSingle(file))).as(name).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFixtures")
  void invalidFixtureIsRejectedForTheExpectedField(String name, Path file) throws IOException {
    String firstLine = Files.readAllLines(file).get(0);
    assertThat(firstLine).as(name + " must start with '" + EXPECT + " <text>'").startsWith(EXPECT);
    String expected = firstLine.substring(EXPECT.length()).trim();

    List<String> errors = VALIDATOR.validateCreate(CrdSchemas.readSingle(file));

    assertThat(errors)
        .as("%s: errors must mention '%s'", name, expected)
        .anySatisfy(error -> assertThat(error).contains(expected));
  }
}
