package io.xaccount.kube;

import static io.xaccount.kube.ConformanceRow.NS;
import static io.xaccount.kube.ConformanceRow.role;
import static io.xaccount.kube.WriteRows.apply;
import static io.xaccount.kube.WriteRows.field;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Conformance rows on namespaces, deletion, watches, errors and what kubectl itself asks: explain,
 * describe's events, protobuf bodies.
 */
final class LifecycleRows {
  private static final String RELEASE = "{\"metadata\":{\"finalizers\":null}}";

  private LifecycleRows() {}

  static List<ConformanceRow> rows() {
    return List.of(
        new ConformanceRow(
            "Namespaces",
            "an object in a namespace that does not exist is NotFound",
            k -> {
              Path file =
                  k.file(
                      "nowhere.yaml",
                      role("lost", "").replace("namespace: " + NS, "namespace: team-nonexistent"));
              assertThat(k.run("apply", "-f", file.toString()).fails().output())
                  .contains("Error from server (NotFound)")
                  .contains("namespaces \"team-nonexistent\" not found");
            }),
        new ConformanceRow(
            "Namespaces",
            "a terminating namespace refuses new objects and goes once everything in it has",
            k -> {
              k.run("create", "namespace", "doomed").succeeds();
              Path held =
                  k.file(
                      "doomed.yaml", held("kept").replace("namespace: " + NS, "namespace: doomed"));
              k.run("apply", "-f", held.toString()).succeeds();
              k.run("delete", "namespace", "doomed", "--wait=false").succeeds();
              assertThat(k.run("get", "ns", "doomed", "-o", "jsonpath={.status.phase}").output())
                  .isEqualTo("Terminating");
              Path late =
                  k.file(
                      "late.yaml",
                      role("late", "").replace("namespace: " + NS, "namespace: doomed"));
              assertThat(k.run("apply", "-f", late.toString()).fails().output())
                  .contains("Error from server (Forbidden)")
                  .contains(
                      "unable to create new content in namespace doomed because it is being terminated");
              k.run("patch", "xar", "kept", "-n", "doomed", "--type", "merge", "-p", RELEASE)
                  .succeeds();
              assertThat(k.run("get", "ns", "doomed").fails().output()).contains("NotFound");
            }),
        new ConformanceRow(
            "Deletion",
            "an object with a finalizer stays, marked, and kubectl delete waits for it",
            k -> {
              k.run("apply", "-f", k.file("held.yaml", held("held")).toString()).succeeds();
              assertThat(k.run("delete", "xar", "held", "-n", NS, "--timeout=2s").fails().output())
                  .contains("timed out waiting");
              assertThat(field(k, "held", "{.metadata.deletionTimestamp}")).isNotEmpty();
              k.run("patch", "xar", "held", "-n", NS, "--type", "merge", "-p", RELEASE).succeeds();
              assertThat(k.run("get", "xar", "held", "-n", NS).fails().output())
                  .contains("NotFound");
            }),
        new ConformanceRow(
            "Deletion",
            "kubectl delete -f deletes every object of the file",
            k -> {
              Path file = k.file("pair.yaml", role("first", "") + "\n---\n" + role("second", ""));
              k.run("apply", "-f", file.toString()).succeeds();
              assertThat(k.run("delete", "-f", file.toString()).succeeds().output())
                  .contains("\"first\" deleted")
                  .contains("\"second\" deleted");
              assertThat(
                      k.run("get", "xar", "first", "second", "-n", NS, "--ignore-not-found")
                          .output())
                  .isEmpty();
            }),
        new ConformanceRow(
            "Watches",
            "kubectl get -w streams a change made after it started",
            k -> {
              apply(k, "watched", "");
              Path out = k.dir.resolve("watch.txt");
              Process watch =
                  k.background(
                      out,
                      "get",
                      "xar",
                      "watched",
                      "-n",
                      NS,
                      "-w",
                      "-o",
                      "jsonpath={.metadata.name}={.spec.description}{\"\\n\"}");
              try {
                assertThat(Kubectl.awaitText(out, "watched=", Duration.ofSeconds(20)))
                    .contains("watched=");
                k.run(
                        "patch",
                        "xar",
                        "watched",
                        "-n",
                        NS,
                        "--type",
                        "merge",
                        "-p",
                        "{\"spec\":{\"description\":\"z\"}}")
                    .succeeds();
                assertThat(Kubectl.awaitText(out, "watched=z", Duration.ofSeconds(20)))
                    .contains("watched=z");
                assertThat(watch.isAlive()).as("the watch streams on").isTrue();
              } finally {
                watch.destroyForcibly();
              }
            }),
        new ConformanceRow(
            "kubectl",
            "kubectl describe lists the object's events (field selector on involvedObject)",
            k -> {
              apply(k, "described", "");
              String uid = field(k, "described", "{.metadata.uid}");
              Path event =
                  k.file(
                      "event.yaml",
                      """
                      apiVersion: v1
                      kind: Event
                      metadata: {name: described.1, namespace: %s}
                      involvedObject: {apiVersion: xaccount.io/v1alpha1, kind: CrossAccountRole, name: described, namespace: %s, uid: %s}
                      reason: RoleCreated
                      message: created in IAM
                      type: Normal
                      """
                          .formatted(NS, NS, uid));
              k.run("create", "-f", event.toString()).succeeds();
              assertThat(k.run("describe", "xar", "described", "-n", NS).succeeds().output())
                  .contains("RoleCreated")
                  .contains("created in IAM");
            }),
        new ConformanceRow(
            "kubectl",
            "kubectl create namespace and create secret generic (protobuf bodies) work",
            k -> {
              k.run("create", "namespace", "protobuf").succeeds();
              k.run(
                      "create",
                      "secret",
                      "generic",
                      "ext",
                      "-n",
                      "protobuf",
                      "--from-literal=externalId=abc123")
                  .succeeds();
              assertThat(
                      k.run(
                              "get",
                              "secret",
                              "ext",
                              "-n",
                              "protobuf",
                              "-o",
                              "jsonpath={.data.externalId}")
                          .output())
                  .isEqualTo("YWJjMTIz");
            }),
        new ConformanceRow(
            "kubectl",
            "kubectl explain serves our kinds and the built-in ones; a mixed file validates and applies",
            k -> {
              assertThat(k.run("explain", "xar.spec.trust").succeeds().output())
                  .contains("KIND:       CrossAccountRole")
                  .contains("accountIds");
              assertThat(k.run("explain", "secret.stringData").succeeds().output())
                  .contains("KIND:       Secret");
              String mixed =
                  """
                  apiVersion: v1
                  kind: Namespace
                  metadata: {name: mixed}
                  ---
                  apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: settings, namespace: mixed}
                  data: {team: platform}
                  ---
                  apiVersion: v1
                  kind: Secret
                  metadata: {name: ext, namespace: mixed}
                  stringData: {externalId: abc123}
                  ---
                  """
                      + role("mixed", "").replace("namespace: " + NS, "namespace: mixed");
              assertThat(
                      k.run("apply", "-f", k.file("mixed.yaml", mixed).toString())
                          .succeeds()
                          .output())
                  .contains("namespace/mixed created")
                  .contains("configmap/settings created")
                  .contains("secret/ext created")
                  .contains("crossaccountrole.xaccount.io/mixed created");
            }),
        new ConformanceRow(
            "Errors",
            "get and delete of a missing object are NotFound naming resource and object",
            k -> {
              assertThat(k.run("get", "xar", "missing", "-n", NS).fails().output())
                  .contains(
                      "Error from server (NotFound): crossaccountroles.xaccount.io \"missing\" not found");
              assertThat(k.run("delete", "xar", "missing", "-n", NS).fails().output())
                  .contains(
                      "Error from server (NotFound): crossaccountroles.xaccount.io \"missing\" not found");
            }),
        new ConformanceRow(
            "Errors",
            "create of an object that exists is AlreadyExists",
            k -> {
              apply(k, "twice", "");
              Path file = k.file("twice-again.yaml", role("twice", ""));
              assertThat(k.run("create", "-f", file.toString()).fails().output())
                  .contains("Error from server (AlreadyExists)")
                  .contains("crossaccountroles.xaccount.io \"twice\" already exists");
            }));
  }

  /** A role with a finalizer nothing removes but the row. */
  private static String held(String name) {
    return role(name, "")
        .replace(
            "metadata: {name: " + name + ", namespace: " + NS + "}",
            "metadata: {name: "
                + name
                + ", namespace: "
                + NS
                + ", finalizers: [example.com/hold]}");
  }
}
