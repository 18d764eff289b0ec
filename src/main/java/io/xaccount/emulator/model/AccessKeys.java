package io.xaccount.emulator.model;

/** Users' long-term access keys: issuing one, at most two per user (IAM's quota). */
public final class AccessKeys {
  private static final int PER_USER = 2;

  private AccessKeys() {}

  public static AwsKeys issue(AccountState a, UserEntity user) {
    if (user.accessKeys.size() >= PER_USER) {
      throw IamError.limit("Cannot exceed quota for AccessKeysPerUser: " + PER_USER);
    }
    AwsKeys keys = new AwsKeys(a.state.ids.accessKeyId("AKIA"), a.state.ids.secret());
    a.state.keys.register(
        keys, new Identity(a.accountId, user.arn, user.id, user.id, user.arn, null));
    user.accessKeys.put(keys.accessKeyId(), a.state.now());
    return keys;
  }
}
