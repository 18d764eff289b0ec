package io.xaccount.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;

/**
 * Leader election over a {@code coordination.k8s.io} Lease, so that of several replicas only one
 * reconciles while the others keep warm caches. QOSDK looks this bean up only in the profiles of
 * {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (by default {@code prod}), so
 * dev mode and tests run without it.
 */
@ApplicationScoped
public class LeaderElection {

  /** Leader election settings ({@code xaccount.leader-election.*}), set by the Helm chart. */
  @ConfigMapping(prefix = "xaccount.leader-election")
  public interface Settings {
    @WithDefault("true")
    boolean enabled();

    @WithDefault("xaccount-operator-leader")
    String leaseName();

    /** Empty: the namespace of the operator's Kubernetes client (its pod's namespace). */
    Optional<String> leaseNamespace();

    /** Empty: JOSDK's default (the host name, which is the pod name). */
    Optional<String> identity();
  }

  // Dependent scope because the producer may return null: QOSDK then runs without leader election.
  @Produces
  @Dependent
  LeaderElectionConfiguration leaderElection(Settings settings) {
    return configuration(settings);
  }

  /** The JOSDK configuration for the settings, or null when leader election is off. */
  static LeaderElectionConfiguration configuration(Settings settings) {
    if (!settings.enabled()) {
      return null;
    }
    var builder =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName());
    settings.leaseNamespace().ifPresent(builder::withLeaseNamespace);
    settings.identity().ifPresent(builder::withIdentity);
    return builder.build();
  }
}
