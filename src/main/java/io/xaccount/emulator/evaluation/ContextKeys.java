package io.xaccount.emulator.evaluation;

import io.xaccount.emulator.model.EmulatorState;
import io.xaccount.emulator.model.Identity;
import io.xaccount.emulator.model.Principal;
import io.xaccount.emulator.model.UserEntity;
import java.time.Duration;
import java.time.Instant;

/**
 * The keys of the request context IAM sets for every call: who calls ({@code aws:PrincipalArn},
 * {@code aws:username}, {@code aws:PrincipalTag/*}, MFA, source identity) and when ({@code
 * aws:CurrentTime}). What the call touches and asks for comes from its parameters, which the wire
 * reads ({@code RequestContexts}).
 */
public final class ContextKeys {
  private ContextKeys() {}

  /** The keys describing the caller and the time; shared with STS's own decisions. */
  public static void principal(RequestContext ctx, EmulatorState state, Identity caller) {
    Instant now = state.now();
    ctx.put("aws:CurrentTime", now.toString())
        .put("aws:EpochTime", String.valueOf(now.getEpochSecond()))
        .put("aws:PrincipalArn", caller.principalArn())
        .put("aws:PrincipalAccount", caller.accountId())
        .put("aws:userid", caller.userId())
        .put(
            "aws:PrincipalType",
            caller.isRoot() ? "Account" : caller.isRoleSession() ? "AssumedRole" : "User");
    Principal p = state.principalById(caller.principalId());
    if (p instanceof UserEntity user) {
      ctx.put("aws:username", user.name);
    }
    if (p != null) {
      ctx.putTags("aws:PrincipalTag/", p.tags);
    }
    Identity.Session s = caller.session();
    if (s == null) {
      return; // long-term keys: aws:MultiFactorAuthPresent is absent, not false
    }
    ctx.putTags("aws:PrincipalTag/", s.tags())
        .put("aws:MultiFactorAuthPresent", String.valueOf(s.mfa()))
        .put("aws:TokenIssueTime", s.issued().toString())
        .put("aws:SourceIdentity", s.sourceIdentity());
    if (s.mfa()) {
      ctx.put(
          "aws:MultiFactorAuthAge",
          String.valueOf(Duration.between(s.mfaAuthenticated(), now).toSeconds()));
    }
  }
}
