package io.xaccount.operator.reconciler;

import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.api.v1alpha1.PlanStatus;
import io.xaccount.operator.api.v1alpha1.PlannedChange;
import io.xaccount.operator.iam.PlanHash;
import io.xaccount.operator.iam.PlannedCall;
import java.util.List;

/**
 * What Plan and Observe share for both kinds: the policy a spec asks for, the plan written into
 * status (plannedChanges and planHash), and the Ready reason and message that report it.
 */
public final class Plans {
  private Plans() {}

  /** The spec's managementPolicy, Manage when it names none. */
  public static ManagementPolicy of(ManagementPolicy policy) {
    return policy == null ? ManagementPolicy.Manage : policy;
  }

  /** Writes the calls and their hash into {@code status}. */
  public static void write(PlanStatus status, List<PlannedCall> calls) {
    status.setPlannedChanges(
        calls.stream()
            .map(c -> new PlannedChange(c.action(), c.target(), c.summary(), c.diff()))
            .toList());
    status.setPlanHash(PlanHash.of(calls));
  }

  /** Planned or Drifted when something would be written, InSync otherwise. */
  public static Reason reason(ManagementPolicy policy, List<PlannedCall> calls) {
    if (calls.isEmpty()) {
      return Reason.InSync;
    }
    return policy == ManagementPolicy.Observe ? Reason.Drifted : Reason.Planned;
  }

  /**
   * The Ready message: depends only on the plan, so that a resync with the same plan writes no
   * status.
   *
   * @param entity what the plan is about, e.g. {@code the role arn:...}
   */
  public static String message(ManagementPolicy policy, List<PlannedCall> calls, String entity) {
    String mode = "managementPolicy " + policy + ": nothing is written to IAM. ";
    if (calls.isEmpty()) {
      return mode + "IAM matches the spec for " + entity + ".";
    }
    String count = calls.size() == 1 ? "1 IAM write call" : calls.size() + " IAM write calls";
    String seeIt = " (status.plannedChanges, plan " + PlanHash.of(calls) + ").";
    return policy == ManagementPolicy.Observe
        ? mode + "IAM differs from the spec for " + entity + ": " + count + " would undo it" + seeIt
        : mode + "Manage would make " + count + " for " + entity + seeIt;
  }
}
