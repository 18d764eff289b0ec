package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The API server's checks of {@code metadata} on create and update: a name (or generateName), a DNS
 * subdomain (a DNS label for Namespaces), and label keys and values of the allowed form.
 */
final class MetaRules {
  private static final String SUBDOMAIN_REGEX =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final String LABEL_REGEX = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String VALUE_REGEX = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
  private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_REGEX);
  private static final Pattern LABEL = Pattern.compile(LABEL_REGEX);
  private static final Pattern VALUE = Pattern.compile(VALUE_REGEX);

  private MetaRules() {}

  static List<FieldError> errors(ResourceType type, JsonNode metadata) {
    List<FieldError> errors = new ArrayList<>();
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      errors.add(FieldError.required("metadata.name", "name or generateName is required"));
    } else if ("namespaces".equals(type.plural())) {
      label(name, "metadata.name", errors);
    } else if (name.length() > 253) {
      errors.add(
          FieldError.invalid(
              "metadata.name", TextNode.valueOf(name), "must be no more than 253 characters"));
    } else if (!SUBDOMAIN.matcher(name).matches()) {
      errors.add(
          FieldError.invalid(
              "metadata.name",
              TextNode.valueOf(name),
              "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
                  + " '-' or '.', and must start and end with an alphanumeric character (e.g."
                  + " 'example.com', regex used for validation is '"
                  + SUBDOMAIN_REGEX
                  + "')"));
    }
    metadata
        .path("labels")
        .fields()
        .forEachRemaining(
            l -> {
              String value = l.getValue().asText();
              if (value.length() > 63 || !VALUE.matcher(value).matches()) {
                errors.add(
                    FieldError.invalid(
                        "metadata.labels",
                        TextNode.valueOf(value),
                        "a valid label must be an empty string or consist of alphanumeric"
                            + " characters, '-', '_' or '.', and must start and end with an"
                            + " alphanumeric character (e.g. 'MyValue',  or 'my_value',  or"
                            + " '12345', regex used for validation is '"
                            + VALUE_REGEX
                            + "')"));
              }
            });
    return errors;
  }

  /** An object being deleted may lose finalizers, not gain them (ValidateObjectMetaUpdate). */
  static List<FieldError> updateErrors(JsonNode metadata, JsonNode oldMetadata) {
    if (!oldMetadata.has("deletionTimestamp")) {
      return List.of();
    }
    List<String> added = new ArrayList<>();
    List<String> before = new ArrayList<>();
    oldMetadata.path("finalizers").forEach(f -> before.add(f.asText()));
    metadata
        .path("finalizers")
        .forEach(
            f -> {
              if (!before.contains(f.asText())) {
                added.add(f.asText());
              }
            });
    if (added.isEmpty()) {
      return List.of();
    }
    return List.of(
        FieldError.forbidden(
            "metadata.finalizers",
            "no new finalizers can be added if the object is being deleted, found new finalizers"
                + " []string{"
                + String.join(", ", added.stream().map(FieldError::quote).toList())
                + "}"));
  }

  private static void label(String name, String field, List<FieldError> errors) {
    if (name.length() > 63) {
      errors.add(
          FieldError.invalid(field, TextNode.valueOf(name), "must be no more than 63 characters"));
    } else if (!LABEL.matcher(name).matches()) {
      errors.add(
          FieldError.invalid(
              field,
              TextNode.valueOf(name),
              "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or"
                  + " '-', and must start and end with an alphanumeric character (e.g. 'my-name', "
                  + " or '123-abc', regex used for validation is '"
                  + LABEL_REGEX
                  + "')"));
    }
  }
}
