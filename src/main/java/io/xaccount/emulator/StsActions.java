package io.xaccount.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** STS: GetCallerIdentity and AssumeRole with trust-policy evaluation. */
final class StsActions {
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws:iam::(\\d{12}):role(/.*)?/([\\w+=,.@-]+)");

  private StsActions() {}

  static void register(ActionRegistry reg) {
    reg.result(
        "GetCallerIdentity",
        (r, x) ->
            x.el("UserId", r.caller.userId())
                .el("Account", r.caller.accountId())
                .el("Arn", r.caller.arn()));
    reg.result("AssumeRole", StsActions::assumeRole);
  }

  private static void assumeRole(QueryRequest r, Xml x) {
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
    RoleEntity role = assumable(r, roleArn, externalId);
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
    r.state.keys.register(
        keys,
        new Identity(role.accountId, sessionArn, assumedRoleId, role.id, role.arn, expiration));
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
   * The role, if the caller may assume it. A missing role is indistinguishable from a refusal, as
   * in AWS: both answer AccessDenied.
   */
  private static RoleEntity assumable(QueryRequest r, String roleArn, String externalId) {
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
        || !r.state.elapsed(role.created, r.state.assumableDelay)) {
      throw denied;
    }
    TrustEvaluator.Decision trust = TrustEvaluator.evaluate(role.trustPolicy, r.caller, externalId);
    // Across accounts both halves are needed: the role's trust and the caller's own permission.
    // Within the role's account a trust naming the caller specifically is enough on its own.
    boolean sameAccountSpecific =
        trust == TrustEvaluator.Decision.ALLOW_SPECIFIC
            && role.accountId.equals(r.caller.accountId());
    boolean identityAllows =
        !r.state.evaluateIdentityPolicies
            || sameAccountSpecific
            || IdentityPolicies.allows(r.state, r.caller, "sts:AssumeRole", roleArn);
    if (trust == TrustEvaluator.Decision.DENY || !identityAllows) {
      throw denied;
    }
    return role;
  }
}
