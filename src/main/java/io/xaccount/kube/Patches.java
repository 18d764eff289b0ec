package io.xaccount.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;

/**
 * Applies a PATCH body to the stored object, by its media type, as the API server does:
 *
 * <ul>
 *   <li>{@code application/merge-patch+json}: RFC 7386 (objects merge key by key, {@code null}
 *       deletes, a list is replaced whole);
 *   <li>{@code application/json-patch+json}: RFC 6902 (operations on paths; any failed operation, a
 *       {@code test} included, fails the whole patch with {@code 422});
 *   <li>{@code application/strategic-merge-patch+json}: refused for custom resources with {@code
 *       415}, as a cluster refuses it (kubectl then sends a merge patch); for the built-in kinds
 *       served here (whose fields have no merge keys but finalizers) applied as a merge patch
 *       without its {@code $} directives;
 *   <li>{@code application/apply-patch+yaml} (server-side apply): refused with {@code 415}.
 * </ul>
 *
 * Both RFCs are Eclipse Parsson's (Jakarta JSON Processing): a well-kept implementation, not ours.
 */
final class Patches {
  static final String MERGE = "application/merge-patch+json";
  static final String JSON = "application/json-patch+json";
  static final String STRATEGIC = "application/strategic-merge-patch+json";
  static final String APPLY = "application/apply-patch+yaml";
  private static final JsonProvider PROVIDER = JsonProvider.provider();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Patches() {}

  /** The media type without parameters, refused with {@code 415} unless {@code type} takes it. */
  static String mediaType(ResourceType type, String contentType) {
    String media =
        contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    boolean strategicAllowed = !type.isCustom();
    if (media.equals(MERGE)
        || media.equals(JSON)
        || (media.equals(STRATEGIC) && strategicAllowed)) {
      return media;
    }
    String accepted = JSON + ", " + MERGE + (strategicAllowed ? ", " + STRATEGIC : "");
    String why =
        media.equals(APPLY)
            ? " (the sandbox does not reproduce server-side apply: apply without --server-side,"
                + " which sends a merge patch, or create and replace)"
            : "";
    throw Statuses.unsupportedMediaType(
        "the body of the request was in an unknown format - accepted media types include: "
            + accepted
            + why);
  }

  /** The object {@code patch} makes of {@code current}. */
  static ObjectNode apply(String media, ObjectNode current, byte[] patch) {
    String text = new String(patch, StandardCharsets.UTF_8);
    JsonValue target = read(current.toString());
    JsonValue result;
    if (media.equals(JSON)) {
      JsonValue operations = readPatch(text);
      if (!(operations instanceof JsonArray array)) {
        throw Statuses.badRequest(
            "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
      }
      try {
        result = PROVIDER.createPatch(array).apply((JsonStructure) target);
      } catch (JsonException | ClassCastException e) {
        throw Statuses.patchNotApplicable();
      }
    } else {
      JsonValue merge = readPatch(text);
      if (media.equals(STRATEGIC)) {
        merge = read(withoutDirectives(parse(text)).toString());
      }
      result = PROVIDER.createMergePatch(merge).apply(target);
    }
    JsonNode patched = parse(result.toString());
    if (!patched.isObject()) {
      throw Statuses.badRequest("the patch does not make an object");
    }
    return (ObjectNode) patched;
  }

  /** A strategic merge patch's {@code $patch}, {@code $setElementOrder/...} etc. removed. */
  private static JsonNode withoutDirectives(JsonNode node) {
    if (node.isObject()) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (name.startsWith("$")) {
          names.remove();
        } else {
          withoutDirectives(node.get(name));
        }
      }
    }
    return node;
  }

  private static JsonValue readPatch(String text) {
    try {
      return read(text);
    } catch (JsonException e) {
      throw Statuses.badRequest("error decoding patch: " + e.getMessage());
    }
  }

  private static JsonValue read(String text) {
    try (var reader = PROVIDER.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  private static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw Statuses.badRequest("error decoding patch: " + e.getOriginalMessage());
    }
  }
}
