package io.xaccount.operator.iam;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The operator's roles and grant pack slots in one account as one bulk read saw them
 * (GetAccountAuthorizationDetails and ListRoles), documents already parsed.
 *
 * @param readAt when the read began: nothing that happened later is in it
 * @param roles the roles read, by name (looked up without regard to case, as IAM compares names)
 * @param slots the grant pack slots read (policies under {@link GrantPack#PATH_ROOT}), by ARN
 * @param calls how many IAM calls the read took (its pages)
 */
public record AccountRoles(
    Instant readAt, Map<String, ObservedRole> roles, Map<String, ObservedSlot> slots, int calls) {

  public AccountRoles {
    Map<String, ObservedRole> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(roles);
    roles = Collections.unmodifiableMap(byName);
    slots = Map.copyOf(slots);
  }

  /** A read of roles only (no slot in it). */
  public AccountRoles(Instant readAt, Map<String, ObservedRole> roles, int calls) {
    this(readAt, roles, Map.of(), calls);
  }

  /** The grant pack slot at {@code arn}, if the read saw it. */
  public Optional<ObservedSlot> slot(String arn) {
    return Optional.ofNullable(slots.get(arn));
  }

  /** The role named {@code roleName}, if the read saw it. */
  public Optional<ObservedRole> find(String roleName) {
    return Optional.ofNullable(roles.get(roleName));
  }
}
