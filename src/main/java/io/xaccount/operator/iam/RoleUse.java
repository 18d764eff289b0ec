package io.xaccount.operator.iam;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * When IAM created a role and when it was last assumed, as a read of the role shows them ({@code
 * CreateDate} and {@code RoleLastUsed} of GetRole or GetAccountAuthorizationDetails; CreateRole's
 * answer for a role just created). IAM records the last use per role, not per principal, updates it
 * within hours, and only within its tracking period (400 days): no last use means none in that
 * period, or since the role was created.
 *
 * <p>Times are kept to the second: the bulk read reports no finer, and a status that moved with a
 * fraction of a second would be written at every resync.
 *
 * @param created when IAM created the role, or null when the read did not say
 * @param lastUsed when the role was last assumed, or null when IAM reports no use
 * @param region the region of the STS endpoint that last issued a session for it, or null
 */
public record RoleUse(Instant created, Instant lastUsed, String region) {
  /** A read that said nothing of the role's creation or use. */
  public static final RoleUse UNKNOWN = new RoleUse(null, null, null);

  public RoleUse {
    created = created == null ? null : created.truncatedTo(ChronoUnit.SECONDS);
    lastUsed = lastUsed == null ? null : lastUsed.truncatedTo(ChronoUnit.SECONDS);
    region = region == null || region.isEmpty() ? null : region;
  }

  /** A role just created: never used. */
  public static RoleUse created(Instant created) {
    return new RoleUse(created, null, null);
  }

  /**
   * Since when the role counts as unused: its last use, or its creation when IAM reports none;
   * empty when the read told neither.
   */
  public Optional<Instant> unusedSince() {
    return Optional.ofNullable(lastUsed != null ? lastUsed : created);
  }
}
