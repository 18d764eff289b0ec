package io.xaccount.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.IamEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The files the sandbox writes on request: {@code --report} and {@code --iam-snapshot}. */
final class Reports {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Reports() {}

  /** Every applied resource: kind, namespace, name, generation and its full status. */
  static void writeReport(
      Path file, List<Observed> resources, List<Manifests.Problem> problems, boolean success)
      throws IOException {
    ObjectNode report = JSON.createObjectNode();
    report.put("ready", success);
    ArrayNode items = report.putArray("resources");
    for (Observed o : resources) {
      ObjectNode item = items.addObject();
      item.put(
          "apiVersion",
          o.applied().context().getGroup().isEmpty()
              ? o.applied().context().getVersion()
              : o.applied().context().getGroup() + "/" + o.applied().context().getVersion());
      item.put("kind", o.applied().kind());
      item.put("namespace", o.applied().namespace());
      item.put("name", o.applied().name());
      if (o.generation() == null) {
        item.putNull("generation");
      } else {
        item.put("generation", o.generation());
      }
      item.set("status", o.status() == null ? JSON.nullNode() : o.status());
    }
    // "rejected": the README's word, and what the sandbox prints ("N rejected").
    ArrayNode rejected = report.putArray("rejected");
    for (Manifests.Problem p : problems) {
      ObjectNode item = rejected.addObject();
      item.put("file", p.file().toString());
      item.put("document", p.number());
      item.put("reason", p.reason());
    }
    write(file, report);
  }

  /**
   * {@code DIR/<accountId>.json} per account, as {@code aws iam get-account-authorization-details}.
   */
  static void writeIamSnapshot(Path dir, IamEmulator emulator, List<String> accounts)
      throws IOException {
    Files.createDirectories(dir);
    for (String account : accounts) {
      write(dir.resolve(account + ".json"), emulator.authorizationDetails(account));
    }
  }

  private static void write(Path file, ObjectNode content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, JSON.writeValueAsString(content) + "\n");
  }
}
