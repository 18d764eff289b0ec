package io.xaccount.operator.iam;

import java.util.Set;

/**
 * A grant pack slot as an account's bulk read saw it: the policy's identity, its default version's
 * document, and who it is attached to (from every user's, group's and role's attached policies).
 * The read carries no tags: whose the policy is must be known otherwise (by its ID).
 *
 * @param arn the slot's ARN
 * @param policyId IAM's unique ID of the policy (a policy deleted and made again has another)
 * @param defaultVersionId the default version the read saw
 * @param document that version's document
 * @param users users the slot is attached to
 * @param groups groups the slot is attached to
 * @param roles roles the slot is attached to
 */
public record ObservedSlot(
    String arn,
    String policyId,
    String defaultVersionId,
    PolicyDocument document,
    Set<String> users,
    Set<String> groups,
    Set<String> roles) {

  public ObservedSlot {
    users = Set.copyOf(users);
    groups = Set.copyOf(groups);
    roles = Set.copyOf(roles);
  }
}
