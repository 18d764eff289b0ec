package io.xaccount.operator.reconciler.account;

import io.xaccount.operator.api.v1alpha1.AssumeRoleCredentials;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.CallerIdentity;
import io.xaccount.operator.iam.Arns;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An account whose clients were verified, through sts:GetCallerIdentity, to act in the account the
 * AwsAccount names. Only this type hands out clients for IAM writes.
 */
public record VerifiedAccount(AwsAccount account, AccountClients clients, CallerIdentity identity) {
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:[a-z-]+:sts::(\\d{12}):assumed-role/([^/]+)/.*");

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
    Matcher session = ASSUMED_ROLE.matcher(identity == null ? "" : identity.arn());
    if (session.matches() && session.group(1).equals(accountId())) {
      names.add(session.group(2).toLowerCase(Locale.ROOT));
    }
    AssumeRoleCredentials assume =
        account.getSpec().getCredentials() == null
            ? null
            : account.getSpec().getCredentials().getAssumeRole();
    if (assume != null) {
      Arns.parseRole(assume.getRoleArn())
          .filter(r -> r.accountId().equals(accountId()))
          .ifPresent(r -> names.add(r.name().toLowerCase(Locale.ROOT)));
    }
    return names;
  }

  public String partition() {
    return account.getSpec().getPartition() == null ? "aws" : account.getSpec().getPartition().id();
  }
}
