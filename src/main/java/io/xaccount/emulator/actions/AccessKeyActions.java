package io.xaccount.emulator.actions;

import io.xaccount.emulator.model.AccessKeys;
import io.xaccount.emulator.model.AwsKeys;
import io.xaccount.emulator.model.IamError;
import io.xaccount.emulator.model.Identity;
import io.xaccount.emulator.model.UserEntity;
import io.xaccount.emulator.wire.ActionRegistry;
import io.xaccount.emulator.wire.QueryRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The access key actions (CreateAccessKey, ListAccessKeys, DeleteAccessKey) and STS
 * GetSessionToken, whose credentials carry MFA when the request gave the user's MFA device and a
 * code.
 */
public final class AccessKeyActions {
  private AccessKeyActions() {}

  public static void registerIam(ActionRegistry reg) {
    reg.result(
        "CreateAccessKey",
        (r, x) -> {
          UserEntity user = target(r);
          AwsKeys keys = AccessKeys.issue(r.account, user);
          x.open("AccessKey")
              .el("UserName", user.name)
              .el("AccessKeyId", keys.accessKeyId())
              .el("Status", "Active")
              .el("SecretAccessKey", keys.secretAccessKey())
              .el("CreateDate", user.accessKeys.get(keys.accessKeyId()))
              .close("AccessKey");
        });
    reg.result(
        "ListAccessKeys",
        (r, x) -> {
          UserEntity user = target(r);
          x.open("AccessKeyMetadata");
          for (Map.Entry<String, Instant> key : user.accessKeys.entrySet()) {
            x.open("member")
                .el("UserName", user.name)
                .el("AccessKeyId", key.getKey())
                .el("Status", "Active")
                .el("CreateDate", key.getValue())
                .close("member");
          }
          x.close("AccessKeyMetadata").el("IsTruncated", "false");
        });
    reg.noResult(
        "DeleteAccessKey",
        r -> {
          UserEntity user = target(r);
          String id = r.required("AccessKeyId");
          if (user.accessKeys.remove(id) == null) {
            throw IamError.noSuchEntity("The Access Key with id " + id + " cannot be found.");
          }
          r.state.keys.unregister(id);
        });
  }

  public static void registerSts(ActionRegistry reg) {
    reg.result(
        "GetSessionToken",
        (r, x) -> {
          if (r.caller.isRoleSession()) {
            throw IamError.of(
                "AccessDenied", "Cannot call GetSessionToken with session credentials");
          }
          Integer duration = r.integer("DurationSeconds");
          int seconds = duration == null ? 43200 : duration;
          if (seconds < 900 || seconds > 129600) {
            throw IamError.validation(
                "1 validation error detected: Value '"
                    + seconds
                    + "' at 'durationSeconds' failed to satisfy constraint: Member must have value"
                    + " between 900 and 129600");
          }
          Optional<Instant> mfa = StsActions.mfa(r);
          Instant expiration = r.state.now().plus(Duration.ofSeconds(seconds));
          AwsKeys keys = new AwsKeys(r.state.ids.accessKeyId("ASIA"), r.state.ids.secret());
          Identity.Session session =
              new Identity.Session(
                  mfa.isPresent(),
                  mfa.orElse(null),
                  r.state.now(),
                  null,
                  Map.of(),
                  null,
                  java.util.List.of());
          Identity c = r.caller;
          r.state.keys.register(
              keys,
              new Identity(
                  c.accountId(),
                  c.arn(),
                  c.userId(),
                  c.principalId(),
                  c.principalArn(),
                  expiration,
                  session));
          x.open("Credentials")
              .el("AccessKeyId", keys.accessKeyId())
              .el("SecretAccessKey", keys.secretAccessKey())
              .el("SessionToken", r.state.ids.sessionToken())
              .el("Expiration", expiration)
              .close("Credentials");
        });
  }

  /** The user named by UserName, or the calling user when it is omitted. */
  private static UserEntity target(QueryRequest r) {
    String name = r.get("UserName");
    if (name == null) {
      name = r.caller.arn().substring(r.caller.arn().lastIndexOf('/') + 1);
    }
    return r.account.user(name);
  }
}
