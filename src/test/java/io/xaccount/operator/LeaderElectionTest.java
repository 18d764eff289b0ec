package io.xaccount.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
  record Settings(
      boolean enabled, String leaseName, Optional<String> leaseNamespace, Optional<String> identity)
      implements LeaderElection.Settings {}

  @Test
  void enabledUsesTheLeaseOfTheSettings() {
    LeaderElectionConfiguration config =
        LeaderElection.configuration(
            new Settings(
                true,
                "xaccount-operator-leader",
                Optional.of("xaccount-system"),
                Optional.of("pod-1")));
    assertThat(config.getLeaseName()).isEqualTo("xaccount-operator-leader");
    assertThat(config.getLeaseNamespace()).contains("xaccount-system");
    assertThat(config.getIdentity()).contains("pod-1");
  }

  @Test
  void namespaceAndIdentityDefaultToJosdk() {
    LeaderElectionConfiguration config =
        LeaderElection.configuration(
            new Settings(true, "lease", Optional.empty(), Optional.empty()));
    assertThat(config.getLeaseNamespace()).isEmpty();
    assertThat(config.getIdentity()).isEmpty();
  }

  @Test
  void disabledMeansNoConfiguration() {
    assertThat(
            LeaderElection.configuration(
                new Settings(false, "lease", Optional.empty(), Optional.empty())))
        .isNull();
  }
}
