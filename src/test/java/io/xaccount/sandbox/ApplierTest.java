package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.kube.EmbeddedKubernetes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applying to the embedded API: order, namespaces, and the checks the API server would make. */
class ApplierTest {
  private static EmbeddedKubernetes kubernetes;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    kubernetes = EmbeddedKubernetes.start(Crds.load().definitions());
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
  }

  @Test
  void appliesTheSeedNamespaceFirstThenAccountsRolesAndGrants() {
    Manifests.Loaded loaded = Manifests.load(List.of(Path.of("examples/seed")));
    List<Manifests.Problem> problems = new ArrayList<>(loaded.problems());
    List<Manifests.Document> reversed = new ArrayList<>(loaded.documents());
    java.util.Collections.reverse(reversed);

    List<Applied> applied =
        new Applier(kubernetes.client(), Crds.load(), note -> {}).apply(reversed, problems);

    assertThat(problems).isEmpty();
    assertThat(applied)
        .extracting(a -> a.kind() + " " + a.namespacedName())
        .containsExactly(
            "Namespace platform",
            "AwsAccount dev",
            "AwsAccount prod",
            "CrossAccountRole platform/prod-power-users",
            "AssumeRoleGrant platform/dev-engineers-to-prod");
    assertThat(kubernetes.client().namespaces().withName("platform").get()).isNotNull();
  }

  @Test
  void reportsEachBadDocumentWithFileAndReasonAndAppliesTheRest() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("bad.yaml"),
            """
            apiVersion: xaccount.io/v1alpha1
            kind: AwsAccount
            metadata: {name: short-id}
            spec:
              accountId: "1234"
              credentials: {source: Default}
            ---
            apiVersion: xaccount.io/v1alpha1
            kind: Frobnicator
            metadata: {name: what}
            ---
            apiVersion: xaccount.io/v1alpha1
            kind: CrossAccountRole
            metadata: {name: typo, namespace: team-typo}
            spec:
              accountRef: prod
              trust: {accountIds: ["123456789012"]}
              deletionPolicy: Forget
              colour: red
            ---
            apiVersion: xaccount.io/v1alpha1
            kind: AwsAccount
            metadata: {name: fine}
            spec:
              accountId: "111111111111"
              credentials: {source: Default}
            """);
    Manifests.Loaded loaded = Manifests.load(List.of(file));
    List<Manifests.Problem> problems = new ArrayList<>(loaded.problems());

    List<String> notes = new ArrayList<>();
    List<Applied> applied =
        new Applier(kubernetes.client(), Crds.load(), notes::add)
            .apply(loaded.documents(), problems);

    assertThat(applied).extracting(Applied::name).containsExactly("fine");
    // The API's own answers, as a cluster words them to kubectl apply (strict field validation).
    assertThat(problems)
        .extracting(p -> p.where() + ": " + p.reason())
        .containsExactlyInAnyOrder(
            file
                + " (document 1): AwsAccount short-id rejected by the API (422):"
                + " AwsAccount.xaccount.io \"short-id\" is invalid: spec.accountId: Invalid value:"
                + " \"1234\": spec.accountId in body should match '^[0-9]{12}$'",
            file
                + " (document 2): unknown kind Frobnicator (xaccount.io/v1alpha1): the sandbox"
                + " knows xaccount.io/v1alpha1 AwsAccount, CrossAccountRole and AssumeRoleGrant,"
                + " and v1 Namespace, Secret and ConfigMap",
            file
                + " (document 3): CrossAccountRole typo rejected by the API (400): CrossAccountRole"
                + " in version \"v1alpha1\" cannot be handled as a CrossAccountRole: strict decoding"
                + " error: unknown field \"spec.colour\"");
    assertThat(notes)
        .containsExactly("created namespace team-typo: the manifests use it and do not define it");
  }
}
