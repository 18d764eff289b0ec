package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a role's trust policy lets in, read from the document (as rendered, or as a role's status
 * shows it): the trusted accounts, principals and principal patterns of its Allow statements, and
 * the conditions they carry. Both halves of a cross-account pair are checked against it: a grant
 * whose account the trust does not name can never work, and MFA must be asked on both sides. The
 * value of {@code sts:ExternalId} is never read, only its presence.
 *
 * @param accountIds accounts trusted as a whole (their {@code :root} or bare ID as principal),
 *     sorted
 * @param principalArns specific principals (users, roles, unique IDs) of the Allow statements,
 *     sorted
 * @param principalArnPatterns {@code aws:PrincipalArn} patterns of the conditions, sorted
 * @param mentioned every account the Allow statements name, in principals or conditions
 * @param requireMfa some Allow statement asks {@code aws:MultiFactorAuthPresent}
 * @param mfaMaxAgeSeconds the {@code aws:MultiFactorAuthAge} bound, or null
 * @param requireExternalId some Allow statement asks {@code sts:ExternalId}
 * @param requireSourceIdentity some Allow statement asks {@code sts:SourceIdentity}
 * @param allowSessionTags some Allow statement allows {@code sts:TagSession}
 */
public record TrustReach(
    List<String> accountIds,
    List<String> principalArns,
    List<String> principalArnPatterns,
    Set<String> mentioned,
    boolean requireMfa,
    Integer mfaMaxAgeSeconds,
    boolean requireExternalId,
    boolean requireSourceIdentity,
    boolean allowSessionTags) {
  private static final Pattern ROOT = Pattern.compile("arn:[^:]+:iam::(\\d{12}):root");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern ACCOUNT_IN_ARN = Pattern.compile("arn:[^:]*:[^:]*:[^:]*:(\\d{12}):");

  /** Reads a trust policy document; anything that is not an Allow statement is ignored. */
  public static TrustReach of(JsonNode trustPolicy) {
    Builder b = new Builder();
    for (JsonNode statement : allows(trustPolicy)) {
      // A root restricted by aws:PrincipalArn lets in only the principals the patterns match.
      boolean narrowed = b.conditions(statement.path("Condition"));
      b.principals(statement.path("Principal").path("AWS"), narrowed);
      for (JsonNode action : asList(statement.path("Action"))) {
        if (action.asText().equalsIgnoreCase("sts:TagSession")) {
          b.sessionTags = true;
        }
      }
    }
    return b.build();
  }

  /**
   * True when the trust names the account (its ID, its root, or an ARN or pattern in it), so that
   * at least some of its principals may be let in.
   */
  public boolean trusts(String accountId) {
    return mentioned.contains(accountId);
  }

  /**
   * True when the trust lets in this principal (a role or user ARN of {@code accountId}): its
   * account as a whole, its ARN, or an {@code aws:PrincipalArn} pattern matching it.
   */
  public boolean admits(String principalArn, String accountId) {
    return accountIds.contains(accountId)
        || principalArns.contains(principalArn)
        || principalArnPatterns.stream().anyMatch(p -> Wildcards.matches(p, principalArn, false));
  }

  private static List<JsonNode> allows(JsonNode trustPolicy) {
    List<JsonNode> out = new ArrayList<>();
    if (trustPolicy == null) {
      return out;
    }
    for (JsonNode s : asList(trustPolicy.path("Statement"))) {
      if ("Allow".equals(s.path("Effect").asText())) {
        out.add(s);
      }
    }
    return out;
  }

  private static Iterable<JsonNode> asList(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    return node.isArray() ? node : List.of(node);
  }

  private static final class Builder {
    final Set<String> accounts = new TreeSet<>();
    final Set<String> arns = new TreeSet<>();
    final Set<String> patterns = new TreeSet<>();
    final Set<String> mentioned = new TreeSet<>();
    boolean mfa;
    Integer mfaAge;
    boolean externalId;
    boolean sourceIdentity;
    boolean sessionTags;

    void principals(JsonNode aws, boolean narrowed) {
      for (JsonNode p : asList(aws)) {
        String value = p.asText();
        Matcher root = ROOT.matcher(value);
        if (root.matches()) {
          if (!narrowed) {
            accounts.add(root.group(1));
          }
        } else if (ACCOUNT_ID.matcher(value).matches()) {
          if (!narrowed) {
            accounts.add(value);
          }
        } else {
          arns.add(value);
        }
        mention(value);
      }
    }

    /** Reads a statement's conditions; true when they restrict aws:PrincipalArn. */
    boolean conditions(JsonNode condition) {
      boolean narrowed = false;
      for (Iterator<Map.Entry<String, JsonNode>> ops = condition.fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields();
            keys.hasNext(); ) {
          Map.Entry<String, JsonNode> key = keys.next();
          switch (key.getKey().toLowerCase(Locale.ROOT)) {
            case "aws:multifactorauthpresent" -> mfa = true;
            case "aws:multifactorauthage" -> mfaAge = number(key.getValue());
            // Only that it is asked: the value is a secret.
            case "sts:externalid" -> externalId = true;
            case "sts:sourceidentity" -> sourceIdentity = true;
            case "aws:principalarn" -> {
              narrowed = true;
              for (JsonNode v : asList(key.getValue())) {
                patterns.add(v.asText());
                mention(v.asText());
              }
            }
            default -> asList(key.getValue()).forEach(v -> mention(v.asText()));
          }
        }
      }
      return narrowed;
    }

    private void mention(String value) {
      if (ACCOUNT_ID.matcher(value).matches()) {
        mentioned.add(value);
        return;
      }
      Matcher m = ACCOUNT_IN_ARN.matcher(value);
      if (m.find()) {
        mentioned.add(m.group(1));
      }
    }

    private static Integer number(JsonNode value) {
      for (JsonNode v : asList(value)) {
        try {
          return Integer.valueOf(v.asText());
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return null;
    }

    TrustReach build() {
      return new TrustReach(
          List.copyOf(accounts),
          List.copyOf(arns),
          List.copyOf(patterns),
          Set.copyOf(mentioned),
          mfa,
          mfaAge,
          externalId,
          sourceIdentity,
          sessionTags);
    }
  }
}
