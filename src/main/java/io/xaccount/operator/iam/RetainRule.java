package io.xaccount.operator.iam;

import java.util.List;

/**
 * The {@code allowRetain} guardrail. {@code deletionPolicy: Retain} leaves a role (or a grant's
 * statement) in IAM after its resource is gone, where no quota of the cluster counts it and no
 * resource shows it; only an account that says so lets tenants do that.
 *
 * <p>At deletion a Retain is honoured only as the operator last accepted it: the spec must still
 * ask for it, and the policy recorded by the last successful reconcile must be Retain too (a
 * resource from before the record existed has none: its spec decides). So converging with Delete,
 * switching the spec to Retain and deleting at once deletes. And the account must allow it at that
 * moment; when it does not, nothing is deleted or released and the deletion waits: deleting would
 * take away a role that was promised to stay (every Retain resource of an upgrade from before this
 * guardrail is in that case), releasing would ignore the administrator.
 */
public final class RetainRule {
  private RetainRule() {}

  /** What the deletion of a resource does to what it holds in IAM. */
  public enum AtDeletion {
    /** Delete it (deletionPolicy Delete, or a Retain that was never accepted). */
    DELETE,
    /** Leave it in IAM, released. */
    RETAIN,
    /** Neither: a Retain that was accepted, in an account that does not allow it (any more). */
    WAIT
  }

  /** The allowRetain violation of a spec asking for Retain, if the account does not allow it. */
  static List<Violation> check(GuardrailRules rules, boolean retain) {
    if (!retain || rules.allowRetain()) {
      return List.of();
    }
    return List.of(
        Violation.of(
            "allowRetain",
            "spec.deletionPolicy",
            "Retain",
            "the account does not allow deletionPolicy Retain (a role or statement left in IAM"
                + " after its resource is gone); set spec.deletionPolicy: Delete, or ask the"
                + " account's administrator for guardrails.allowRetain: true"));
  }

  /**
   * @param specRetains the spec's deletionPolicy is Retain
   * @param acceptedRetains the deletionPolicy the last successful reconcile recorded is Retain;
   *     null when none is recorded (a resource from before the record, or one never converged)
   */
  static AtDeletion atDeletion(GuardrailRules rules, boolean specRetains, Boolean acceptedRetains) {
    boolean asked = specRetains && (acceptedRetains == null || acceptedRetains);
    if (!asked) {
      return AtDeletion.DELETE;
    }
    return rules.allowRetain() ? AtDeletion.RETAIN : AtDeletion.WAIT;
  }
}
