package io.xaccount.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code helm install} prints after installing (NOTES.txt): the IRSA subject follows the
 * release's namespace and service account, written exactly as the trust policy's condition needs
 * it, and Pod Identity's association names the same service account.
 */
class HelmChartNotesTest {
  @Test
  void theIrsaSubjectIsTheReleasesNamespaceAndServiceAccount(@TempDir Path work)
      throws IOException {
    String notes =
        Chart.installNotes(
            "platform-ops",
            Chart.values(work.resolve("v.yaml"), "serviceAccount:\n  name: iam-operator\n"));

    assertThat(notes)
        .contains(
            "\"StringEquals\": {\"<OIDC_PROVIDER>:sub\":"
                + " \"system:serviceaccount:platform-ops:iam-operator\","
                + " \"<OIDC_PROVIDER>:aud\": \"sts.amazonaws.com\"}")
        .contains("Namespace=platform-ops ServiceAccountName=iam-operator")
        .contains("--namespace platform-ops --service-account iam-operator --role-arn")
        .contains("role-arn=<base role ARN>' (not set)")
        .doesNotContain("xaccount-system");
  }

  @Test
  void theDefaultsNameTheChartsServiceAccountAndShowTheAnnotationSet(@TempDir Path work)
      throws IOException {
    String notes =
        Chart.installNotes(
            Chart.NAMESPACE,
            Chart.values(
                work.resolve("v.yaml"),
                "serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn:"
                    + " arn:aws:iam::111111111111:role/base\n"));

    assertThat(notes)
        .contains("\"system:serviceaccount:xaccount-system:xaccount-operator\"")
        .contains("eks.amazonaws.com/role-arn: arn:aws:iam::111111111111:role/base (set)");
  }
}
