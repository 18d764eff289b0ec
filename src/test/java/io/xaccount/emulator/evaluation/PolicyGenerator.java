package io.xaccount.emulator.evaluation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.model.PolicyDocuments;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Policy documents for one generated request, built around its action and resource so that most
 * statements come close to matching: the exact action and ARN, case variants, {@code *} and {@code
 * ?} wildcards, NotAction/NotResource, policy variables, the other account, and Conditions from
 * {@link ConditionGenerator}. Resource policies name principals of either account: the account, its
 * root, the role Dev, the session of Dev, the user alice, everyone.
 */
final class PolicyGenerator {
  private final Random random;
  private final DifferentialCases.Target target;
  private final String callerAccount;
  private final String resourceAccount;
  private final ConditionGenerator conditions;

  PolicyGenerator(
      Random random,
      DifferentialCases.Target target,
      String callerAccount,
      String resourceAccount) {
    this.random = random;
    this.target = target;
    this.callerAccount = callerAccount;
    this.resourceAccount = resourceAccount;
    this.conditions = new ConditionGenerator(random, callerAccount);
  }

  /** An identity-based policy (also used as a boundary or session policy). */
  ObjectNode identityPolicy() {
    ObjectNode doc = document();
    ArrayNode statements = doc.putArray("Statement");
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      ObjectNode st = statements.addObject();
      st.put("Effect", random.nextInt(10) < 7 ? "Allow" : "Deny");
      actions(st);
      st.set(random.nextInt(20) < 17 ? "Resource" : "NotResource", some(resources()));
      condition(st, 45);
    }
    return doc;
  }

  /** The resource's policy: a role's trust policy has no Resource element. */
  ObjectNode resourcePolicy() {
    ObjectNode doc = document();
    ArrayNode statements = doc.putArray("Statement");
    boolean trust = target.action().equals("sts:AssumeRole");
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      ObjectNode st = statements.addObject();
      boolean allow = random.nextInt(4) != 0;
      st.put("Effect", allow ? "Allow" : "Deny");
      if (!allow && random.nextInt(5) == 0) {
        st.putObject("NotPrincipal").put("AWS", pick(principals()));
      } else {
        principal(st);
      }
      actions(st);
      if (!trust) {
        st.set(random.nextInt(10) < 9 ? "Resource" : "NotResource", some(resources()));
      }
      condition(st, 50);
    }
    return doc;
  }

  private ObjectNode document() {
    return PolicyDocuments.JSON.createObjectNode().put("Version", "2012-10-17");
  }

  private void actions(ObjectNode st) {
    st.set(random.nextInt(10) < 8 ? "Action" : "NotAction", some(actionPatterns()));
  }

  private void condition(ObjectNode st, int percentWithout) {
    if (random.nextInt(100) >= percentWithout) {
      st.set("Condition", conditions.condition());
    }
  }

  private void principal(ObjectNode st) {
    int shape = random.nextInt(20);
    if (shape == 0) {
      st.put("Principal", "*");
    } else if (shape == 1) {
      st.putObject("Principal").put("Service", "ec2.amazonaws.com");
    } else {
      st.putObject("Principal").set("AWS", some(principals()));
    }
  }

  private List<String> actionPatterns() {
    String action = target.action();
    String service = action.substring(0, action.indexOf(':'));
    String name = action.substring(action.indexOf(':') + 1);
    int cut = 1 + random.nextInt(name.length() - 1);
    int hole = random.nextInt(name.length());
    return List.of(
        action,
        action,
        randomCase(action),
        service + ":*",
        "*",
        service + ":" + name.substring(0, cut) + "*",
        service + ":" + name.substring(0, hole) + "?" + name.substring(hole + 1),
        sibling(service),
        service.equals("s3") ? "ec2:*" : "s3:*");
  }

  private static String sibling(String service) {
    return switch (service) {
      case "s3" -> "s3:DeleteObject";
      case "sts" -> "sts:TagSession";
      case "iam" -> "iam:DeleteRole";
      case "sqs" -> "sqs:ReceiveMessage";
      case "secretsmanager" -> "secretsmanager:PutSecretValue";
      case "ec2" -> "ec2:StopInstances";
      default -> "dynamodb:PutItem";
    };
  }

  private List<String> resources() {
    String arn = target.in(resourceAccount);
    String other =
        target.in(resourceAccount.equals(callerAccount) ? otherAccount() : callerAccount);
    int slash = arn.lastIndexOf('/');
    int colon = arn.lastIndexOf(':');
    String stem = arn.substring(0, Math.max(slash, colon) + 1);
    String last = arn.substring(Math.max(slash, colon) + 1);
    int hole = random.nextInt(last.length());
    List<String> out = new ArrayList<>();
    out.addAll(List.of("*", arn, arn, stem + "*", stem + randomCase(last), other));
    out.add(stem + last.substring(0, hole) + "?" + last.substring(hole + 1));
    out.add(arn.replace(":" + resourceAccount + ":", ":*:"));
    if (arn.startsWith("arn:aws:s3:::reports/")) {
      out.addAll(
          List.of(
              "arn:aws:s3:::reports/${aws:username}/*",
              "arn:aws:s3:::reports/${aws:PrincipalTag/team}/*",
              "arn:aws:s3:::Reports/*",
              "arn:aws:s3:::*/alice/*"));
    } else if (arn.startsWith("arn:aws:s3:::")) {
      out.add("arn:aws:s3:::reports/*");
    } else {
      out.add(arn.replace(":" + resourceAccount + ":", ":${aws:PrincipalAccount}:"));
    }
    return out;
  }

  private List<String> principals() {
    List<String> out = new ArrayList<>();
    for (String account : List.of(callerAccount, callerAccount, otherAccount())) {
      out.addAll(
          List.of(
              "arn:aws:iam::" + account + ":root",
              account,
              "arn:aws:iam::" + account + ":role/Dev",
              "arn:aws:sts::" + account + ":assumed-role/Dev/alice",
              "arn:aws:iam::" + account + ":user/alice",
              "arn:aws:iam::" + account + ":role/Other",
              "arn:aws:sts::" + account + ":assumed-role/Dev/bob"));
    }
    out.add("*");
    return out;
  }

  private String otherAccount() {
    return callerAccount.equals(DifferentialCases.A) ? DifferentialCases.B : DifferentialCases.A;
  }

  /** One value as a string, or two or three as an array (IAM reads both alike). */
  private com.fasterxml.jackson.databind.JsonNode some(List<String> pool) {
    int n = random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(2);
    if (n == 1 && random.nextBoolean()) {
      return PolicyDocuments.JSON.getNodeFactory().textNode(pick(pool));
    }
    ArrayNode values = DifferentialCase.array();
    for (int i = 0; i < n; i++) {
      String v = pick(pool);
      if (!values.toString().contains("\"" + v + "\"")) {
        values.add(v);
      }
    }
    return values;
  }

  private String pick(List<String> pool) {
    return pool.get(random.nextInt(pool.size()));
  }

  private String randomCase(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(
          random.nextBoolean()
              ? c
              : Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    String out = b.toString();
    return out.equals(s) ? s.toUpperCase(Locale.ROOT) : out;
  }
}
