package io.xaccount.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code Status} bodies the API server answers refusals with, worded as its own ({@code
 * k8s.io/apimachinery/pkg/api/errors}): clients such as kubectl and Fabric8 read the reason and the
 * details, and users read the message.
 */
final class Statuses {
  private Statuses() {}

  /** {@code crossaccountroles.xaccount.io "x" not found} */
  static ApiError notFound(ResourceType type, String name) {
    return named(404, "NotFound", type, name, "%s \"%s\" not found");
  }

  /** {@code namespaces "x" not found}, for a write into a namespace that does not exist. */
  static ApiError namespaceNotFound(String namespace) {
    ObjectNode status = status(404, "NotFound", "namespaces \"" + namespace + "\" not found");
    status.putObject("details").put("name", namespace).put("kind", "namespaces");
    return new ApiError(codeLast(status));
  }

  static ApiError alreadyExists(ResourceType type, String name) {
    return named(409, "AlreadyExists", type, name, "%s \"%s\" already exists");
  }

  /** A write against a {@code resourceVersion} that is no longer the object's. */
  static ApiError conflict(ResourceType type, String name) {
    return conflict(
        type,
        name,
        "the object has been modified; please apply your changes to the latest version and try"
            + " again");
  }

  static ApiError conflict(ResourceType type, String name, String why) {
    return named(409, "Conflict", type, name, "Operation cannot be fulfilled on %s \"%s\": " + why);
  }

  /** {@code 403}: e.g. new content in a namespace being terminated. */
  static ApiError forbidden(ResourceType type, String name, String why) {
    return named(403, "Forbidden", type, name, "%s \"%s\" is forbidden: " + why);
  }

  /** {@code 422 Invalid} with one cause per field error. */
  static ApiError invalid(
      String groupKind, String group, String kind, String name, List<FieldError> errors) {
    String aggregate =
        errors.size() == 1
            ? errors.get(0).toString()
            : errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
    ObjectNode status =
        status(422, "Invalid", "%s \"%s\" is invalid: %s".formatted(groupKind, name, aggregate));
    // Empty details are left out, as the API server's omitempty fields.
    ObjectNode details = status.putObject("details");
    if (!name.isEmpty()) {
      details.put("name", name);
    }
    if (!group.isEmpty()) {
      details.put("group", group);
    }
    if (!kind.isEmpty()) {
      details.put("kind", kind);
    }
    ArrayNode causes = details.putArray("causes");
    for (FieldError error : errors) {
      causes
          .addObject()
          .put("reason", error.type())
          .put("message", error.body())
          .put("field", error.field());
    }
    return new ApiError(codeLast(status));
  }

  static ApiError invalid(ResourceType type, String name, List<FieldError> errors) {
    return invalid(type.groupKind(), type.group(), type.kind(), name, errors);
  }

  /** What a JSON patch that cannot be applied gets: the API server drops the reason. */
  static ApiError patchNotApplicable() {
    ObjectNode status =
        status(422, "Invalid", "the server rejected our request due to an error in our request");
    status.putObject("details");
    return new ApiError(codeLast(status));
  }

  static ApiError badRequest(String message) {
    return new ApiError(status(400, "BadRequest", message));
  }

  static ApiError unsupportedMediaType(String message) {
    return new ApiError(status(415, "UnsupportedMediaType", message));
  }

  static ApiError methodNotAllowed(ResourceType type, String action) {
    ObjectNode status =
        status(
            405,
            "MethodNotAllowed",
            "%s is not supported on resources of kind \"%s\""
                .formatted(action, type.groupResource()));
    return new ApiError(status);
  }

  /** A watch from a resourceVersion older than the history the API keeps. */
  static ApiError expired(long requested, long oldest) {
    return new ApiError(
        status(410, "Expired", "too old resource version: %d (%d)".formatted(requested, oldest)));
  }

  /** A path the API does not serve. */
  static ApiError noSuchPath() {
    ObjectNode status = status(404, "NotFound", "the server could not find the requested resource");
    status.putObject("details");
    return new ApiError(codeLast(status));
  }

  static ObjectNode status(int code, String reason, String message) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason);
    return status.put("code", code);
  }

  /** {@code {"kind":"Status","status":"Success",...}}, as a delete without an object answers. */
  static ObjectNode success(ResourceType type, String name, String uid) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    ObjectNode details = status.putObject("details").put("name", name);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.plural()).put("uid", uid);
    return status;
  }

  private static ApiError named(
      int code, String reason, ResourceType type, String name, String format) {
    ObjectNode status = status(code, reason, format.formatted(type.groupResource(), name));
    ObjectNode details = status.putObject("details").put("name", name);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.plural());
    return new ApiError(codeLast(status));
  }

  /** The code goes last, as the API server writes it. */
  private static ObjectNode codeLast(ObjectNode status) {
    status.set("code", status.remove("code"));
    return status;
  }
}
