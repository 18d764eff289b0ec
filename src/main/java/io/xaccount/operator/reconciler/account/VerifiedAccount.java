package io.xaccount.operator.reconciler.account;

import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.CallerIdentity;
import java.util.Set;
import java.util.TreeSet;

/**
 * An account whose clients were verified, through sts:GetCallerIdentity, to act in the account the
 * AwsAccount names. Only this type hands out clients for IAM writes.
 */
public record VerifiedAccount(AwsAccount account, AccountClients clients, CallerIdentity identity) {

  public String accountId() {
    return account.getSpec().getAccountId();
  }

  /**
   * The names of the roles the operator itself acts as in this account (lower case, as IAM compares
   * role names): the role of its verified session, and the role its credentials assume. No resource
   * may ever take them over.
   */
  public Set<String> operatorRoleNames() {
    Set<String> names = new TreeSet<>();
    for (String principal : OperatorIdentities.principals(this)) {
      if (principal.startsWith("role/")) {
        names.add(principal.substring("role/".length()));
      }
    }
    return names;
  }

  public String partition() {
    return account.getSpec().getPartition() == null ? "aws" : account.getSpec().getPartition().id();
  }
}
