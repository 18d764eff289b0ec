package io.xaccount.emulator.actions;

import io.xaccount.emulator.evaluation.Authorizer;
import io.xaccount.emulator.evaluation.PolicyEngine;
import io.xaccount.emulator.evaluation.RequestContext;
import io.xaccount.emulator.model.AwsKeys;
import io.xaccount.emulator.model.IamError;
import io.xaccount.emulator.model.Identity;
import io.xaccount.emulator.model.PolicyDocuments;
import io.xaccount.emulator.model.RoleEntity;
import io.xaccount.emulator.model.Validation;
import io.xaccount.emulator.wire.ActionRegistry;
import io.xaccount.emulator.wire.QueryRequest;
import io.xaccount.emulator.wire.RequestContexts;
import io.xaccount.emulator.wire.Xml;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** STS: GetCallerIdentity and AssumeRole with trust-policy evaluation. */
public final class StsActions {
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws:iam::(\\d{12}):role(/.*)?/([\\w+=,.@-]+)");

  private StsActions() {}

  public static void register(ActionRegistry reg) {
    reg.result(
        "GetCallerIdentity",
        (r, x) ->
            x.el("UserId", r.caller.userId())
                .el("Account", r.caller.accountId())
                .el("Arn", r.caller.arn()));
    reg.result("AssumeRole", StsActions::assumeRole);
  }

  private static void assumeRole(QueryRequest r, Xml x) {
    if (r.caller.isRoot()) {
      throw IamError.of("AccessDenied", "Roles may not be assumed by root accounts.");
    }
    String roleArn = r.required("RoleArn");
    String session = r.required("RoleSessionName");
    Validation.length("roleArn", roleArn, 20, 2048);
    Validation.pattern("roleSessionName", session, Pattern.compile("[\\w+=,.@-]*"), "[\\w+=,.@-]*");
    Validation.length("roleSessionName", session, 2, 64);
    String externalId = r.get("ExternalId");
    if (externalId != null) {
      Validation.pattern(
          "externalId", externalId, Pattern.compile("[\\w+=,.@:/-]*"), "[\\w+=,.@:\\/-]*");
      Validation.length("externalId", externalId, 2, 1224);
    }
    Integer duration = r.integer("DurationSeconds");
    int seconds = duration == null ? 3600 : duration;
    if (seconds < 900 || seconds > 43200) {
      throw Validation.fail(
          "durationSeconds",
          String.valueOf(seconds),
          seconds < 900
              ? "Member must have value greater than or equal to 900"
              : "Member must have value less than or equal to 43200");
    }
    // A session policy is checked as IAM checks it, when the session is asked for.
    if (r.get("Policy") != null) {
      PolicyDocuments.parseIdentityPolicy(r.get("Policy"));
    }
    Optional<Instant> mfa = mfa(r);
    RoleEntity role = assumable(r, roleArn, externalId, mfa);
    if (seconds > role.maxSessionDuration) {
      throw IamError.validation(
          "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
    if (r.caller.isRoleSession() && seconds > 3600) {
      throw IamError.validation(
          "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by"
              + " role chaining.");
    }
    Instant expiration = r.state.now().plus(Duration.ofSeconds(seconds));
    String sessionArn =
        "arn:aws:sts::" + role.accountId + ":assumed-role/" + role.name + "/" + session;
    String assumedRoleId = role.id + ":" + session;
    AwsKeys keys = new AwsKeys(r.state.ids.accessKeyId("ASIA"), r.state.ids.secret());
    Identity.Session carried =
        new Identity.Session(
            mfa.isPresent() || (r.caller.session() != null && r.caller.session().mfa()),
            mfa.orElse(r.caller.session() == null ? null : r.caller.session().mfaAuthenticated()),
            r.state.now(),
            r.get("SourceIdentity") != null
                ? r.get("SourceIdentity")
                : r.caller.session() == null ? null : r.caller.session().sourceIdentity(),
            r.tags(),
            r.get("Policy"),
            sessionPolicyArns(r));
    role.lastUsed = r.state.now();
    role.lastUsedRegion = r.region;
    r.state.keys.register(
        keys,
        new Identity(
            role.accountId, sessionArn, assumedRoleId, role.id, role.arn, expiration, carried));
    x.open("Credentials")
        .el("AccessKeyId", keys.accessKeyId())
        .el("SecretAccessKey", keys.secretAccessKey())
        .el("SessionToken", r.state.ids.sessionToken())
        .el("Expiration", expiration)
        .close("Credentials")
        .open("AssumedRoleUser")
        .el("AssumedRoleId", assumedRoleId)
        .el("Arn", sessionArn)
        .close("AssumedRoleUser");
  }

  /**
   * The MFA authentication of this request, when it carries {@code SerialNumber} and {@code
   * TokenCode}: the serial must be a virtual MFA device of the calling user, and any six-digit code
   * is accepted (the emulator has no TOTP secret to check against).
   */
  static Optional<Instant> mfa(QueryRequest r) {
    String serial = r.get("SerialNumber");
    if (serial == null) {
      return Optional.empty();
    }
    String code = r.get("TokenCode");
    if (code != null) {
      Validation.pattern("tokenCode", code, Pattern.compile("[\\d]*"), "[\\d]*");
      Validation.length("tokenCode", code, 6, 6);
    }
    Validation.length("serialNumber", serial, 9, 256);
    String owner = r.state.mfaDevices.get(serial);
    if (code == null || !code.matches("\\d{6}") || owner == null || !owner.equals(r.caller.arn())) {
      throw IamError.of(
          "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. ");
    }
    return Optional.of(r.state.now());
  }

  private static List<String> sessionPolicyArns(QueryRequest r) {
    List<String> arns = new ArrayList<>();
    for (int i = 1; r.get("PolicyArns.member." + i + ".arn") != null; i++) {
      arns.add(r.get("PolicyArns.member." + i + ".arn"));
    }
    return arns;
  }

  /**
   * The role, if the caller may assume it: its trust policy (the resource policy) and, across
   * accounts or when the trust names only the caller's account, the caller's own identity-based
   * policies must allow {@code sts:AssumeRole} on it. A missing role is indistinguishable from a
   * refusal, as in AWS: both answer AccessDenied.
   */
  private static RoleEntity assumable(
      QueryRequest r, String roleArn, String externalId, Optional<Instant> mfa) {
    Matcher m = ROLE_ARN.matcher(roleArn);
    IamError denied =
        IamError.of(
            "AccessDenied",
            "User: "
                + r.caller.arn()
                + " is not authorized to perform: sts:AssumeRole on resource: "
                + roleArn);
    if (!m.matches() || !r.state.accounts.containsKey(m.group(1))) {
      throw denied;
    }
    RoleEntity role = r.state.accounts.get(m.group(1)).roles.get(m.group(3));
    if (role == null
        || !role.arn.equals(roleArn)
        || !r.state.settled(role.created, r.state.assumableDelay)) {
      throw denied;
    }
    RequestContext ctx = RequestContexts.of(r, "sts");
    ctx.put("sts:ExternalId", externalId)
        .put("sts:RoleSessionName", r.get("RoleSessionName"))
        .put("sts:SourceIdentity", r.get("SourceIdentity"))
        .putTags("aws:ResourceTag/", role.tags);
    if (mfa.isPresent()) {
      // Role switching with MFA: the AssumeRole request itself is MFA-authenticated.
      ctx.put("aws:MultiFactorAuthPresent", "true").put("aws:MultiFactorAuthAge", "0");
    }
    try {
      if (r.state.authorizeCalls) {
        Authorizer.authorize(r.state, ctx, role.trustPolicy, role.accountId);
        // Setting a source identity or session tags are permissions of their own, which the
        // trust policy (and across accounts the caller's policy) must grant as well.
        if (r.get("SourceIdentity") != null) {
          Authorizer.authorize(
              r.state, ctx.withAction("sts:SetSourceIdentity"), role.trustPolicy, role.accountId);
        }
        if (!r.tags().isEmpty()) {
          Authorizer.authorize(
              r.state, ctx.withAction("sts:TagSession"), role.trustPolicy, role.accountId);
        }
      } else if (PolicyEngine.resource(role.trustPolicy, ctx).effect()
          != PolicyEngine.Effect.ALLOW) {
        throw denied;
      }
    } catch (IamError e) {
      throw denied;
    }
    return role;
  }
}
