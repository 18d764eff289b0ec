package io.xaccount.operator.iam;

import java.time.Instant;

/** One IAM write call on the versions of a customer managed policy, as data. */
public sealed interface PolicyVersionChange {

  /** A one-line human summary for events. */
  String describe();

  /** DeletePolicyVersion, to make room: IAM keeps at most five versions. */
  record DeletePolicyVersion(String versionId) implements PolicyVersionChange {
    @Override
    public String describe() {
      return "delete policy version " + versionId;
    }
  }

  /** CreatePolicyVersion. */
  record CreatePolicyVersion(PolicyDocument document, boolean setAsDefault)
      implements PolicyVersionChange {
    @Override
    public String describe() {
      return setAsDefault ? "create default policy version" : "create policy version";
    }
  }

  /**
   * A stored version of a managed policy, as {@code ListPolicyVersions} returns it.
   *
   * @param versionId e.g. {@code v3}
   * @param isDefault whether this is the version in force
   * @param createDate when it was created
   */
  record PolicyVersion(String versionId, boolean isDefault, Instant createDate) {}
}
