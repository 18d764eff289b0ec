package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Renders the trust policy of a cross-account role from a {@link TrustSpec}.
 *
 * <p>Shape: one statement allowing {@code sts:AssumeRole} to the account roots and principal ARNs;
 * a second statement for {@code principalArnPatterns}, whose principal is the roots of the accounts
 * named in the patterns, restricted by {@code StringLike aws:PrincipalArn}. Patterns get their own
 * statement because a pattern condition on the first statement would also restrict the explicitly
 * named principals. {@code "Principal": "*"} is never rendered. Both statements carry the same
 * security conditions:
 *
 * <ul>
 *   <li>requireMfa: {@code Bool aws:MultiFactorAuthPresent "true"}, with mfaMaxAgeSeconds also
 *       {@code NumericLessThan aws:MultiFactorAuthAge};
 *   <li>externalId: {@code StringEquals sts:ExternalId};
 *   <li>requireSourceIdentity: action {@code sts:SetSourceIdentity} and {@code StringLike
 *       sts:SourceIdentity "*"} (the key is present only when the caller sets one), as in the IAM
 *       User Guide's source-identity trust policy examples;
 *   <li>allowSessionTags: action {@code sts:TagSession}.
 * </ul>
 */
public final class TrustPolicy {

  /** IAM's default quota for a role trust policy (adjustable to 4,096). */
  public static final int DEFAULT_MAX_LENGTH = 2048;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TrustPolicy() {}

  /** Renders within the default 2,048-character quota. */
  public static Validated<PolicyDocument> render(TrustSpec spec) {
    return render(spec, DEFAULT_MAX_LENGTH);
  }

  /** Renders, or says which spec fields are wrong or that the result exceeds maxLength. */
  public static Validated<PolicyDocument> render(TrustSpec spec, int maxLength) {
    List<String> errors = TrustSpecValidator.validate(spec);
    if (!errors.isEmpty()) {
      return Validated.invalid(errors);
    }
    PolicyDocument doc = PolicyDocument.of(document(spec));
    if (doc.minifiedLength() > maxLength) {
      return Validated.invalid(
          List.of(
              "spec.trust: the rendered trust policy is "
                  + doc.minifiedLength()
                  + " characters (whitespace not counted) but the limit is "
                  + maxLength));
    }
    return Validated.valid(doc);
  }

  private static ObjectNode document(TrustSpec spec) {
    ArrayNode statements = NODES.arrayNode();
    TreeSet<String> principals = new TreeSet<>();
    spec.accountIds().forEach(id -> principals.add(Arns.accountRoot(spec.partition(), id)));
    principals.addAll(spec.principalArns());
    if (!principals.isEmpty()) {
      statements.add(statement("TrustedPrincipals", principals, actions(spec), conditions(spec)));
    }
    if (!spec.principalArnPatterns().isEmpty()) {
      TreeSet<String> roots = new TreeSet<>();
      for (String pattern : spec.principalArnPatterns()) {
        roots.add(Arns.accountRoot(spec.partition(), TrustSpecValidator.accountOfPattern(pattern)));
      }
      ObjectNode condition = conditions(spec);
      child(condition, "StringLike")
          .set("aws:PrincipalArn", strings(new TreeSet<>(spec.principalArnPatterns())));
      statements.add(statement("TrustedPrincipalArnPatterns", roots, actions(spec), condition));
    }
    ObjectNode doc = NODES.objectNode();
    doc.put("Version", "2012-10-17");
    doc.set("Statement", statements);
    return doc;
  }

  private static ObjectNode statement(
      String sid, TreeSet<String> principals, List<String> actions, ObjectNode cond) {
    ObjectNode s = NODES.objectNode();
    s.put("Sid", sid);
    s.put("Effect", "Allow");
    s.set("Principal", NODES.objectNode().set("AWS", strings(principals)));
    s.set("Action", strings(actions));
    if (!cond.isEmpty()) {
      s.set("Condition", cond);
    }
    return s;
  }

  private static List<String> actions(TrustSpec spec) {
    List<String> actions = new ArrayList<>(List.of("sts:AssumeRole"));
    if (spec.requireSourceIdentity()) {
      actions.add("sts:SetSourceIdentity");
    }
    if (spec.allowSessionTags()) {
      actions.add("sts:TagSession");
    }
    return actions;
  }

  private static ObjectNode conditions(TrustSpec spec) {
    ObjectNode c = NODES.objectNode();
    if (spec.requireMfa()) {
      child(c, "Bool").put("aws:MultiFactorAuthPresent", "true");
      if (spec.mfaMaxAgeSeconds() != null) {
        child(c, "NumericLessThan")
            .put("aws:MultiFactorAuthAge", String.valueOf(spec.mfaMaxAgeSeconds()));
      }
    }
    if (spec.externalId() != null) {
      child(c, "StringEquals").put("sts:ExternalId", spec.externalId());
    }
    if (spec.requireSourceIdentity()) {
      child(c, "StringLike").put("sts:SourceIdentity", "*");
    }
    return c;
  }

  private static ObjectNode child(ObjectNode parent, String name) {
    if (!parent.has(name)) {
      parent.set(name, NODES.objectNode());
    }
    return (ObjectNode) parent.get(name);
  }

  private static ArrayNode strings(Iterable<String> values) {
    ArrayNode out = NODES.arrayNode();
    values.forEach(out::add);
    return out;
  }
}
