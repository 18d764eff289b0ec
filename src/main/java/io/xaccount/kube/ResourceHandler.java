package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.MockResponse;
import io.xaccount.kube.Admission.FieldValidation;
import java.time.Clock;
import java.util.Map;

/**
 * Answers the requests on served resources: get, list and watch (with selectors and Tables for
 * kubectl), create, replace, patch and delete, of objects and their status subresource.
 */
final class ResourceHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final Writes writes;
  private final PrinterTable tables = new PrinterTable(JSON, Clock.systemUTC());

  ResourceHandler(Store store, Writes writes) {
    this.store = store;
    this.writes = writes;
  }

  /** The answer; {@code upgrade} and {@code accept} are the request's headers (may be null). */
  MockResponse handle(
      String method,
      ResourcePath at,
      Map<String, String> query,
      String contentType,
      String accept,
      String upgrade,
      byte[] body) {
    ResourceType type = at.type();
    boolean status = "status".equals(at.subresource());
    if (at.subresource() != null && !(status && type.hasStatusSubresource())) {
      throw Statuses.noSuchPath();
    }
    boolean dryRun = "All".equals(query.get("dryRun"));
    FieldValidation fv = FieldValidation.of(query.get("fieldValidation"));
    if (at.name() == null && type.namespaced() && at.namespace() == null && !"GET".equals(method)) {
      throw Statuses.noSuchPath();
    }
    switch (method) {
      case "GET":
        if (at.name() != null) {
          Stored found =
              store
                  .get(type, at.namespace(), at.name())
                  .orElseThrow(() -> Statuses.notFound(type, at.name()));
          return table(type, accept)
              ? json(200, tables.render(type.crd(), found.object()))
              : json(200, found.json());
        }
        if (WatchQuery.isWatch(query)) {
          return Watching.answer(store, at, query, upgrade, table(type, accept) ? tables : null);
        }
        return Listing.answer(store, at, query, table(type, accept) ? tables : null);
      case "POST":
        if (at.name() != null) {
          throw Statuses.methodNotAllowed(type, "create");
        }
        return written(writes.create(type, at.namespace(), Bodies.read(body, fv), fv, dryRun));
      case "PUT":
        requireName(at);
        return written(
            writes.update(
                type, at.namespace(), at.name(), Bodies.read(body, fv), status, fv, dryRun));
      case "PATCH":
        requireName(at);
        String media = Patches.mediaType(type, contentType);
        // Fields twice in a merge patch are the request's duplicates; JSON patches name none.
        var duplicates =
            media.equals(Patches.JSON) || fv == FieldValidation.IGNORE || body == null
                ? java.util.List.<String>of()
                : Bodies.duplicates(body);
        return written(
            writes.patch(
                type, at.namespace(), at.name(), media, body, duplicates, status, fv, dryRun));
      case "DELETE":
        JsonNode options =
            body == null || body.length == 0
                ? null
                : Bodies.read(body, FieldValidation.IGNORE).object();
        if (at.name() == null) {
          return Listing.deleteAll(store, writes, at, query, options);
        }
        return written(writes.delete(type, at.namespace(), at.name(), options, dryRun));
      default:
        throw Statuses.methodNotAllowed(type, method);
    }
  }

  private static boolean table(ResourceType type, String accept) {
    return type.isCustom() && accept != null && accept.contains("as=Table");
  }

  private static void requireName(ResourcePath at) {
    if (at.name() == null) {
      throw Statuses.methodNotAllowed(at.type(), "update of a collection");
    }
  }

  private static MockResponse written(Writes.Result result) {
    MockResponse response = json(result.code(), result.body());
    // One header per warning, in the form RFC 7234 gives and kubectl prints ("Warning: ...").
    result.warnings().forEach(w -> response.addHeader("Warning", "299 - " + FieldError.quote(w)));
    return response;
  }

  static MockResponse json(int code, Object body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }
}
