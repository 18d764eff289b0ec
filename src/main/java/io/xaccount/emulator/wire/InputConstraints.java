package io.xaccount.emulator.wire;

import io.xaccount.emulator.model.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The IAM API reference's constraints on the entity names a request carries (length and pattern
 * {@code [\w+=,.@-]+}), checked on every IAM action before it is authorized or handled: a name no
 * entity can have answers ValidationError, never NoSuchEntity or AccessDenied.
 */
final class InputConstraints {
  /** The longest name each member may carry (roleNameType 64; group, policy, profile 128). */
  private static final Map<String, Integer> NAME_MAX = new LinkedHashMap<>();

  static {
    NAME_MAX.put("RoleName", 64);
    NAME_MAX.put("UserName", 128);
    NAME_MAX.put("GroupName", 128);
    NAME_MAX.put("InstanceProfileName", 128);
    NAME_MAX.put("PolicyName", 128);
  }

  /**
   * Actions whose UserName is the API's userNameType (1–64, as for a new user) rather than
   * existingUserNameType (1–128): the reference is not uniform, so neither are we.
   */
  private static final Set<String> SHORT_USER_NAME =
      Set.of("CreateUser", "AttachUserPolicy", "DetachUserPolicy", "ListAttachedUserPolicies");

  private InputConstraints() {}

  /** Throws IAM's ValidationError for the first name member that breaks its constraint. */
  static void check(String action, Map<String, String> params) {
    for (Map.Entry<String, Integer> member : NAME_MAX.entrySet()) {
      String value = params.get(member.getKey());
      if (value == null) {
        continue;
      }
      boolean shortUser = member.getKey().equals("UserName") && SHORT_USER_NAME.contains(action);
      int max = shortUser ? 64 : member.getValue();
      String field =
          Character.toLowerCase(member.getKey().charAt(0)) + member.getKey().substring(1);
      Validation.name(field, value, max);
    }
  }
}
