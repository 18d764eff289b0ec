package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The roles a role's own policies let it assume: the Resource patterns of every Allow statement
 * that allows {@code sts:AssumeRole} ({@code *} for one with NotResource), across its inline
 * policies and the documents of its managed ones. Another role whose trust lets this role's account
 * in is reachable through it: a hop its access map shows. Boundaries and conditions are not
 * applied: the map errs on the side of showing a path.
 */
public final class AssumeReach {
  /** At most this many patterns are kept; a role reaching further shows {@code *}. */
  public static final int MAX_PATTERNS = 20;

  private static final Map<String, List<String>> AWS_MANAGED = new ConcurrentHashMap<>();

  private AssumeReach() {}

  /** The role ARN patterns the role's policies allow sts:AssumeRole on, sorted; empty for none. */
  public static List<String> of(DesiredRole role, AccountPolicies account) {
    TreeSet<String> patterns = new TreeSet<>();
    role.inlinePolicies().values().forEach(d -> patterns.addAll(of(d)));
    for (String arn : role.managedPolicyArns()) {
      if (AwsManagedPolicyData.isAwsManaged(arn)) {
        patterns.addAll(
            AWS_MANAGED.computeIfAbsent(
                arn,
                a ->
                    AwsManagedPolicyData.get().document(a).map(AssumeReach::of).orElse(List.of())));
      } else {
        account.customerManaged(arn).ifPresent(d -> patterns.addAll(of(d)));
      }
    }
    if (patterns.contains("*") || patterns.size() > MAX_PATTERNS) {
      return List.of("*");
    }
    return List.copyOf(patterns);
  }

  /** The patterns one document allows sts:AssumeRole on. */
  static List<String> of(PolicyDocument document) {
    List<String> patterns = new ArrayList<>();
    for (Statements.Indexed statement : Statements.allows(document)) {
      JsonNode body = statement.body();
      if (!AssumeRoleTargets.allowsAssumeRole(body)) {
        continue;
      }
      if (body.has("NotResource")) {
        patterns.add("*");
      } else {
        patterns.addAll(Statements.values(body.path("Resource")));
      }
    }
    return patterns;
  }
}
