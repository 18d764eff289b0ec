package io.xaccount.operator.iam;

import io.xaccount.operator.iam.PolicyVersionChange.CreatePolicyVersion;
import io.xaccount.operator.iam.PolicyVersionChange.DeletePolicyVersion;
import io.xaccount.operator.iam.PolicyVersionChange.PolicyVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Plans the update of an existing customer managed policy: nothing when the default version already
 * says the same (semantically), otherwise a new default version, first deleting the oldest
 * non-default version when IAM's limit of stored versions is reached (IAM refuses {@code
 * CreatePolicyVersion} with {@code LimitExceeded} otherwise). The default version is never deleted:
 * IAM forbids it, and it is what is in force until the new one replaces it.
 */
public final class PolicyVersionPlanner {

  /** IAM's limit on stored versions of a managed policy. */
  public static final int MAX_VERSIONS = 5;

  private PolicyVersionPlanner() {}

  /** The calls that make {@code desired} the default version; empty when it already is. */
  public static List<PolicyVersionChange> plan(
      PolicyDocument desired, PolicyDocument observedDefault, List<PolicyVersion> versions) {
    if (desired.semanticallyEquals(observedDefault)) {
      return List.of();
    }
    List<PolicyVersionChange> changes = new ArrayList<>();
    if (versions.size() >= MAX_VERSIONS) {
      versions.stream()
          .filter(v -> !v.isDefault())
          .min(
              Comparator.comparing(PolicyVersion::createDate)
                  .thenComparing(PolicyVersion::versionId))
          .ifPresent(oldest -> changes.add(new DeletePolicyVersion(oldest.versionId())));
    }
    changes.add(new CreatePolicyVersion(desired, true));
    return changes;
  }
}
