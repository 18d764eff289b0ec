package io.xaccount.operator.reconciler.account;

import io.xaccount.operator.api.v1alpha1.AssumeRoleCredentials;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.iam.Arns;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Who the operator itself is in AWS, from the AwsAccounts: the role each account's credentials
 * assume, and the identity sts:GetCallerIdentity reported. No tenant may take these over, target
 * them with a grant, or make them a grant's principal.
 */
public final class OperatorIdentities {
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:[a-z-]+:sts::(\\d{12}):assumed-role/([^/]+)/.*");
  private static final Pattern USER =
      Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):user/(.*/)?([^/]+)");

  private OperatorIdentities() {}

  /** {@code <account>:<role name in lower case>} for every role the operator acts as. */
  public static Set<String> roles(Stream<AwsAccount> accounts) {
    Set<String> roles = new TreeSet<>();
    accounts.forEach(
        account -> {
          assumedRole(account).ifPresent(roles::add);
          if (account.getStatus() != null) {
            sessionRole(account.getStatus().getCallerArn()).ifPresent(roles::add);
          }
        });
    return roles;
  }

  /**
   * The operator's identities in one verified account as {@code role/<name>} or {@code
   * user/<name>}, in lower case.
   */
  public static Set<String> principals(VerifiedAccount account) {
    Set<String> principals = new TreeSet<>();
    for (String role : roles(Stream.of(account.account()))) {
      if (role.startsWith(account.accountId() + ":")) {
        principals.add("role/" + role.substring(role.indexOf(':') + 1));
      }
    }
    String caller = account.identity() == null ? null : account.identity().arn();
    sessionRole(caller)
        .filter(r -> r.startsWith(account.accountId() + ":"))
        .ifPresent(r -> principals.add("role/" + r.substring(r.indexOf(':') + 1)));
    Matcher user = USER.matcher(caller == null ? "" : caller);
    if (user.matches() && user.group(1).equals(account.accountId())) {
      principals.add("user/" + user.group(3).toLowerCase(Locale.ROOT));
    }
    return principals;
  }

  private static Optional<String> assumedRole(AwsAccount account) {
    AssumeRoleCredentials assume =
        account.getSpec() == null || account.getSpec().getCredentials() == null
            ? null
            : account.getSpec().getCredentials().getAssumeRole();
    return assume == null
        ? Optional.empty()
        : Arns.parseRole(assume.getRoleArn())
            .map(r -> r.accountId() + ":" + r.name().toLowerCase(Locale.ROOT));
  }

  private static Optional<String> sessionRole(String callerArn) {
    Matcher m = ASSUMED_ROLE.matcher(callerArn == null ? "" : callerArn);
    return m.matches()
        ? Optional.of(m.group(1) + ":" + m.group(2).toLowerCase(Locale.ROOT))
        : Optional.empty();
  }
}
