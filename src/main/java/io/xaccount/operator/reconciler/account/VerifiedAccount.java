package io.xaccount.operator.reconciler.account;

import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.CallerIdentity;

/**
 * An account whose clients were verified, through sts:GetCallerIdentity, to act in the account the
 * AwsAccount names. Only this type hands out clients for IAM writes.
 */
public record VerifiedAccount(AwsAccount account, AccountClients clients, CallerIdentity identity) {
  public String accountId() {
    return account.getSpec().getAccountId();
  }

  public String partition() {
    return account.getSpec().getPartition() == null ? "aws" : account.getSpec().getPartition().id();
  }
}
