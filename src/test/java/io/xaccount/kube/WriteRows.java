package io.xaccount.kube;

import static io.xaccount.kube.ConformanceRow.NS;
import static io.xaccount.kube.ConformanceRow.policies;
import static io.xaccount.kube.ConformanceRow.role;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Conformance rows on writes: patches, field validation, admission, the status subresource. */
final class WriteRows {
  private static final String READ_ONLY = "[\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]";

  private WriteRows() {}

  static List<ConformanceRow> rows() {
    return List.of(
        new ConformanceRow(
            "Patches",
            "kubectl apply of a copy of the seed role with PowerUserAccess swapped for"
                + " ReadOnlyAccess leaves ReadOnlyAccess only (merge patch: lists replaced whole)",
            k -> {
              String seed =
                  Files.readString(Path.of("examples/seed/10-role.yaml"))
                      .replace("namespace: platform", "namespace: " + NS);
              k.run("apply", "-f", k.file("seed.yaml", seed).toString()).succeeds();
              String swapped = seed.replace("PowerUserAccess", "ReadOnlyAccess");
              k.run("apply", "-f", k.file("swapped.yaml", swapped).toString()).succeeds();
              assertThat(field(k, "prod-power-users", "{.spec.managedPolicyArns}"))
                  .isEqualTo(READ_ONLY);
            }),
        new ConformanceRow(
            "Patches",
            "kubectl patch --type merge with an account ID already trusted keeps it once",
            k -> {
              apply(k, "merge-ids", "");
              k.run(
                      "patch",
                      "xar",
                      "merge-ids",
                      "-n",
                      NS,
                      "--type",
                      "merge",
                      "-p",
                      "{\"spec\":{\"trust\":{\"accountIds\":[\"123456789012\"]}}}")
                  .succeeds();
              assertThat(field(k, "merge-ids", "{.spec.trust.accountIds}"))
                  .isEqualTo("[\"123456789012\"]");
            }),
        new ConformanceRow(
            "Patches",
            "kubectl edit adding a policy adds exactly one, edit after edit",
            k -> {
              apply(k, "edited", policies("PowerUserAccess"));
              for (String added : new String[] {"ReadOnlyAccess", "job-function/ViewOnlyAccess"}) {
                Path editor =
                    k.file(
                        "editor.sh",
                        "#!/bin/sh\nsed -i 's|^\\( *\\)- arn:aws:iam::aws:policy/PowerUserAccess$|&\\n\\1- arn:aws:iam::aws:policy/"
                            + added
                            + "|' \"$1\"\n");
                editor.toFile().setExecutable(true);
                k.run(
                        Map.of("KUBE_EDITOR", editor.toString()),
                        null,
                        "edit",
                        "xar",
                        "edited",
                        "-n",
                        NS)
                    .succeeds();
              }
              assertThat(field(k, "edited", "{.spec.managedPolicyArns}"))
                  .isEqualTo(
                      "[\"arn:aws:iam::aws:policy/PowerUserAccess\",\"arn:aws:iam::aws:policy/job-function/ViewOnlyAccess\",\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]");
            }),
        new ConformanceRow(
            "Patches",
            "kubectl patch --type json changing roleName is refused by its CEL rule (oldSelf)",
            k -> {
              apply(k, "immutable", "");
              assertThat(
                      k.run(
                              "patch",
                              "xar",
                              "immutable",
                              "-n",
                              NS,
                              "--type",
                              "json",
                              "-p",
                              "[{\"op\":\"replace\",\"path\":\"/spec/roleName\",\"value\":\"Other\"}]")
                          .fails()
                          .output())
                  .contains("The CrossAccountRole \"immutable\" is invalid")
                  .contains("spec.roleName: Invalid value: \"string\": roleName is immutable");
            }),
        new ConformanceRow(
            "Patches",
            "a JSON patch whose test operation fails changes nothing",
            k -> {
              apply(k, "tested", "");
              assertThat(
                      k.run(
                              "patch",
                              "xar",
                              "tested",
                              "-n",
                              NS,
                              "--type",
                              "json",
                              "-p",
                              "[{\"op\":\"add\",\"path\":\"/spec/description\",\"value\":\"x\"},"
                                  + "{\"op\":\"test\",\"path\":\"/spec/accountRef\",\"value\":\"dev\"}]")
                          .fails()
                          .output())
                  .contains("the server rejected our request due to an error in our request");
              assertThat(field(k, "tested", "{.spec.description}")).isEmpty();
            }),
        new ConformanceRow(
            "Patches",
            "kubectl patch's default strategic merge patch of a custom resource is 415",
            k -> {
              apply(k, "strategic", "");
              assertThat(
                      k.run(
                              "patch",
                              "xar",
                              "strategic",
                              "-n",
                              NS,
                              "-p",
                              "{\"spec\":{\"description\":\"x\"}}")
                          .fails()
                          .output())
                  .contains("application/strategic-merge-patch+json is not supported")
                  .contains("the body of the request was in an unknown format");
            }),
        new ConformanceRow(
            "Server-side apply",
            "kubectl apply --server-side is refused with 415, naming the alternative",
            k -> {
              Path file = k.file("ssa.yaml", role("server-side", ""));
              assertThat(k.run("apply", "--server-side", "-f", file.toString()).fails().output())
                  .contains("does not reproduce server-side apply");
            }),
        new ConformanceRow(
            "Field validation",
            "kubectl apply (Strict by default) refuses an unknown field",
            k -> {
              Path file = k.file("colour.yaml", role("colour", "colour: red"));
              assertThat(k.run("apply", "-f", file.toString()).fails().output())
                  .contains("strict decoding error: unknown field \"spec.colour\"");
            }),
        new ConformanceRow(
            "Field validation",
            "--validate=warn prunes an unknown field with a warning, --validate=false silently",
            k -> {
              Path warned = k.file("warned.yaml", role("warned", "colour: red"));
              assertThat(
                      k.run("apply", "--validate=warn", "-f", warned.toString())
                          .succeeds()
                          .output())
                  .contains("Warning: unknown field \"spec.colour\"");
              Path ignored = k.file("ignored.yaml", role("ignored", "colour: red"));
              assertThat(
                      k.run("apply", "--validate=false", "-f", ignored.toString())
                          .succeeds()
                          .output())
                  .doesNotContain("Warning");
              assertThat(field(k, "warned", "{.spec}") + field(k, "ignored", "{.spec}"))
                  .doesNotContain("colour");
            }),
        new ConformanceRow(
            "Custom resource admission",
            "a value the schema refuses is Invalid, with the field; defaults are written",
            k -> {
              Path bad =
                  k.file("bad.yaml", role("eleven", "").replace("123456789012", "12345678901"));
              assertThat(k.run("apply", "-f", bad.toString()).fails().output())
                  .contains("The CrossAccountRole \"eleven\" is invalid: spec.trust.accountIds[0]");
              apply(k, "defaulted", "");
              assertThat(field(k, "defaulted", "{.spec.deletionPolicy}")).isEqualTo("Delete");
            }),
        new ConformanceRow(
            "Status subresource",
            "a status write leaves the spec and the generation; a spec write bumps the generation",
            k -> {
              apply(k, "statused", "");
              k.run(
                      "patch",
                      "xar",
                      "statused",
                      "-n",
                      NS,
                      "--subresource=status",
                      "--type",
                      "merge",
                      "-p",
                      "{\"spec\":{\"description\":\"x\"},\"status\":{\"roleArn\":\"arn:aws:iam::111111111111:role/R\"}}")
                  .succeeds();
              assertThat(
                      field(
                          k,
                          "statused",
                          "{.metadata.generation} {.spec.description} {.status.roleArn}"))
                  .isEqualTo("1  arn:aws:iam::111111111111:role/R");
              k.run(
                      "patch",
                      "xar",
                      "statused",
                      "-n",
                      NS,
                      "--type",
                      "merge",
                      "-p",
                      "{\"spec\":{\"description\":\"y\"}}")
                  .succeeds();
              assertThat(field(k, "statused", "{.metadata.generation}")).isEqualTo("2");
            }),
        new ConformanceRow(
            "Status subresource",
            "kubectl replace with a stale resourceVersion is a 409 Conflict",
            k -> {
              apply(k, "stale", "");
              Path old =
                  k.file(
                      "stale.yaml", k.run("get", "xar", "stale", "-n", NS, "-o", "yaml").output());
              k.run(
                      "patch",
                      "xar",
                      "stale",
                      "-n",
                      NS,
                      "--type",
                      "merge",
                      "-p",
                      "{\"spec\":{\"description\":\"new\"}}")
                  .succeeds();
              assertThat(k.run("replace", "-f", old.toString()).fails().output())
                  .contains("Error from server (Conflict)")
                  .contains(
                      "the object has been modified; please apply your changes to the latest version");
            }));
  }

  static void apply(Kubectl k, String name, String more) {
    k.run("apply", "-f", k.file(name + ".yaml", role(name, more)).toString()).succeeds();
  }

  static String field(Kubectl k, String name, String jsonPath) {
    return k.run("get", "xar", name, "-n", NS, "-o", "jsonpath=" + jsonPath).succeeds().output();
  }
}
