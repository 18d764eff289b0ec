package io.xaccount.emulator.evaluation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.model.PolicyDocuments;
import java.util.List;
import java.util.Random;

/**
 * The request context of a generated case, as IAM builds it for the caller (the principal keys, the
 * time, MFA and session keys) plus what the request happens to carry (tags, transport, an
 * ExternalId, an S3 prefix). Keys are sometimes absent and {@code aws:TagKeys} is sometimes an
 * empty set, so that {@code ...IfExists}, {@code Null} and the set operators meet every shape.
 */
final class ContextGenerator {
  /** The time of every generated request: 2026-06-01T12:00:00Z. */
  static final String NOW = "2026-06-01T12:00:00Z";

  static final String NOW_EPOCH = "1780315200";

  private final Random random;

  ContextGenerator(Random random) {
    this.random = random;
  }

  ObjectNode context(boolean session, String account, DifferentialCases.Target target) {
    ObjectNode ctx = PolicyDocuments.JSON.createObjectNode();
    ctx.put("aws:CurrentTime", NOW).put("aws:EpochTime", NOW_EPOCH);
    ctx.put("aws:PrincipalAccount", account);
    if (session) {
      ctx.put("aws:PrincipalArn", "arn:aws:iam::" + account + ":role/Dev");
      ctx.put("aws:userid", DifferentialCase.ROLE_ID + ":alice");
      ctx.put("aws:PrincipalType", "AssumedRole");
      ctx.put("aws:TokenIssueTime", "2026-06-01T11:00:00Z");
    } else {
      ctx.put("aws:PrincipalArn", "arn:aws:iam::" + account + ":user/alice");
      ctx.put("aws:userid", DifferentialCase.USER_ID);
      ctx.put("aws:PrincipalType", "User");
      ctx.put("aws:username", "alice");
    }
    // Long-term keys carry no MFA key at all; sessions always say whether MFA was used.
    if (session || random.nextBoolean()) {
      boolean mfa = random.nextBoolean();
      ctx.put("aws:MultiFactorAuthPresent", String.valueOf(mfa));
      if (mfa) {
        ctx.put("aws:MultiFactorAuthAge", pick("30", "1800", "7200"));
      }
    }
    if (random.nextBoolean()) {
      ctx.put("aws:PrincipalTag/team", pick("blue", "Blue", "red"));
    }
    if (session && random.nextInt(3) == 0) {
      ctx.put("aws:SourceIdentity", pick("alice", "bob"));
    }
    tagKeys(ctx);
    int transport = random.nextInt(10);
    if (transport < 7) {
      ctx.put("aws:SecureTransport", transport < 5 ? "true" : "false");
    }
    if (target.action().equals("sts:AssumeRole") && random.nextInt(5) < 2) {
      ctx.put("sts:ExternalId", pick("ext-123", "EXT-123"));
    }
    if (target.action().equals("s3:ListBucket") && random.nextBoolean()) {
      ctx.put("s3:prefix", pick("team/", "alice/", "Alice/"));
    }
    return ctx;
  }

  /** Absent, present but empty, or one to three keys; a request tag for {@code team}. */
  private void tagKeys(ObjectNode ctx) {
    int shape = random.nextInt(20);
    if (shape < 8) {
      return;
    }
    ArrayNode keys = ctx.putArray("aws:TagKeys");
    if (shape < 11) {
      return;
    }
    for (String key : List.of("team", "cost", "Owner")) {
      if (random.nextBoolean()) {
        keys.add(key);
      }
    }
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).asText().equals("team")) {
        ctx.put("aws:RequestTag/team", pick("blue", "red"));
      }
    }
  }

  private String pick(String... values) {
    return values[random.nextInt(values.length)];
  }
}
