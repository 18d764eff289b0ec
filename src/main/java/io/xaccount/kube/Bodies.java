package io.xaccount.kube;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Request bodies as the API server decodes them: a JSON object, and the fields it holds twice
 * ({@code spec.roleName}), which strict field validation refuses and Warn reports (the last value
 * is kept). A body that is not JSON is {@code 400}.
 */
final class Bodies {
  private static final ObjectMapper LENIENT = new ObjectMapper();
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** A decoded body and the paths of its duplicate fields (the first found). */
  record Body(ObjectNode object, List<String> duplicates) {}

  private Bodies() {}

  static Body read(byte[] body, Admission.FieldValidation validation) {
    JsonNode node = parse(body);
    if (node == null || !node.isObject()) {
      throw Statuses.badRequest("the body of the request is not a JSON object");
    }
    List<String> duplicates =
        validation == Admission.FieldValidation.IGNORE ? List.of() : duplicates(body);
    return new Body((ObjectNode) node, duplicates);
  }

  /** The duplicate fields of a JSON document: Jackson stops at the first. */
  static List<String> duplicates(byte[] body) {
    try {
      STRICT.readTree(body);
      return List.of();
    } catch (JsonParseException e) {
      if (e.getProcessor() == null || !e.getOriginalMessage().startsWith("Duplicate field")) {
        return List.of();
      }
      return List.of(path(e.getProcessor().getParsingContext()));
    } catch (IOException e) {
      return List.of();
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body == null ? null : LENIENT.readTree(body);
    } catch (IOException e) {
      throw Statuses.badRequest("couldn't get version/kind; json parse error: " + e.getMessage());
    }
  }

  /** {@code spec.trust.accountIds}: where the parser was, as the API server names fields. */
  private static String path(JsonStreamContext context) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.add(0, "[" + c.getCurrentIndex() + "]");
      } else if (c.getCurrentName() != null) {
        parts.add(0, c.getCurrentName());
      }
    }
    StringBuilder joined = new StringBuilder();
    for (String part : parts) {
      if (joined.length() > 0 && !part.startsWith("[")) {
        joined.append('.');
      }
      joined.append(part);
    }
    return joined.toString();
  }
}
