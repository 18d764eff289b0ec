package io.xaccount.emulator.evaluation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.model.PolicyDocuments;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates the differential test's requests from a seed, reproducibly: a caller (IAM user alice or
 * a session of role Dev, in account A or B), an action on a resource of either account, the request
 * context IAM would build for it, and the policies that decide it (identity policies, a permissions
 * boundary, a session policy, the resource's policy) from {@link PolicyGenerator}.
 */
final class DifferentialCases {
  static final String A = "111111111111";
  static final String B = "222222222222";

  /**
   * An action and its resource ({@code %s} is the resource's account); {@code policy}: the resource
   * has no resource-based policy (IDENTITY, so it is always in the caller's account), may have one
   * (OPTIONAL), or must be allowed by it (REQUIRED: trust and key policies).
   */
  record Target(String action, String resource, Kind policy) {
    enum Kind {
      IDENTITY,
      OPTIONAL,
      REQUIRED
    }

    String in(String account) {
      return resource.contains("%s") ? resource.formatted(account) : resource;
    }
  }

  static final List<Target> TARGETS =
      List.of(
          new Target("s3:GetObject", "arn:aws:s3:::reports/alice/q1.csv", Target.Kind.OPTIONAL),
          new Target("s3:PutObject", "arn:aws:s3:::reports/team/blue.txt", Target.Kind.OPTIONAL),
          new Target("s3:ListBucket", "arn:aws:s3:::reports", Target.Kind.OPTIONAL),
          new Target("sts:AssumeRole", "arn:aws:iam::%s:role/Target", Target.Kind.REQUIRED),
          new Target("iam:GetRole", "arn:aws:iam::%s:role/Target", Target.Kind.IDENTITY),
          new Target("iam:PutUserPolicy", "arn:aws:iam::%s:user/alice", Target.Kind.IDENTITY),
          new Target("sqs:SendMessage", "arn:aws:sqs:us-east-1:%s:orders", Target.Kind.OPTIONAL),
          new Target(
              "secretsmanager:GetSecretValue",
              "arn:aws:secretsmanager:us-east-1:%s:secret:db-AbCdEf",
              Target.Kind.OPTIONAL),
          new Target(
              "ec2:StartInstances",
              "arn:aws:ec2:us-east-1:%s:instance/i-0abc",
              Target.Kind.IDENTITY),
          new Target(
              "dynamodb:GetItem",
              "arn:aws:dynamodb:us-east-1:%s:table/Orders",
              Target.Kind.IDENTITY));

  private final Random random;

  DifferentialCases(long seed) {
    this.random = new Random(seed);
  }

  List<DifferentialCase> generate(int count) {
    List<DifferentialCase> out = new ArrayList<>();
    for (int id = 0; id < count; id++) {
      out.add(next(id));
    }
    return out;
  }

  private DifferentialCase next(int id) {
    boolean session = random.nextBoolean();
    String callerAccount = random.nextInt(4) == 0 ? B : A;
    Target target = TARGETS.get(random.nextInt(TARGETS.size()));
    String other = callerAccount.equals(A) ? B : A;
    String resourceAccount =
        target.policy() != Target.Kind.IDENTITY && random.nextInt(3) == 0 ? other : callerAccount;
    String caller =
        session
            ? "arn:aws:sts::" + callerAccount + ":assumed-role/Dev/alice"
            : "arn:aws:iam::" + callerAccount + ":user/alice";
    ObjectNode c = PolicyDocuments.JSON.createObjectNode();
    c.put("id", id).put("caller", caller).put("callerKind", session ? "session" : "user");
    c.put("callerAccount", callerAccount);
    c.put("action", target.action()).put("resource", target.in(resourceAccount));
    c.put("resourceAccount", resourceAccount);
    PolicyGenerator policies = new PolicyGenerator(random, target, callerAccount, resourceAccount);
    ArrayNode identity = c.putArray("identity");
    int identityCount = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(2);
    for (int i = 0; i < identityCount; i++) {
      identity.add(policies.identityPolicy());
    }
    c.set("boundary", random.nextInt(3) == 0 ? policies.identityPolicy() : null);
    c.set("session", session && random.nextInt(3) == 0 ? policies.identityPolicy() : null);
    boolean hasResourcePolicy =
        target.policy() == Target.Kind.REQUIRED
            || (target.policy() == Target.Kind.OPTIONAL && random.nextInt(4) != 0);
    c.set("resourcePolicy", hasResourcePolicy ? policies.resourcePolicy() : null);
    c.put("resourcePolicyRequired", target.policy() == Target.Kind.REQUIRED);
    c.set("context", new ContextGenerator(random).context(session, callerAccount, target));
    return new DifferentialCase(c);
  }
}
