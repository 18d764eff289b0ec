package io.xaccount.operator.reconciler.account;

import java.util.Map;
import java.util.Optional;

/**
 * How many roles each namespace's Retain deletions left in an account, for its status. Implemented
 * by the role controller's side, which reads the account's roles in bulk anyway.
 */
public interface ReleasedRoleTally {
  /**
   * Released roles per namespace, from a bulk read of the account no older than the resync interval
   * allows; empty when there is none and {@code mayRead} is false, or when that read failed.
   *
   * @param mayRead whether the account may be read now when no recent read exists
   */
  Optional<Map<String, Integer>> perNamespace(VerifiedAccount account, boolean mayRead);
}
