package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.xaccount.operator.reconciler.Ownership.Claim;
import io.xaccount.operator.reconciler.Ownership.Owner;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Whether an existing IAM entity that is not ours may be taken over, the same way for roles and
 * grant policies: what another live resource or another cluster holds never, nor what a resource of
 * this cluster name that no longer exists left behind (two clusters given one name would see each
 * other's entities so); what nobody holds (untagged, or released by a {@code Retain} deletion) only
 * when the resource asks ({@code xaccount.io/adopt: "true"}) <em>and</em> the AwsAccount's owner
 * allows it.
 */
public final class AdoptionRules {
  private AdoptionRules() {}

  /**
   * @param claim who the entity's tags say holds it
   * @param accountRefusal why the account does not allow this adoption, empty when it does
   * @param refuse the refusal to throw, given what the entity is (for the operator's log only:
   *     status and events say the same thing whatever it is, see {@link NotOurs})
   * @return true when the entity is to be adopted, false when it is already ours
   */
  public static boolean decide(
      Claim claim,
      HasMetadata resource,
      Supplier<Optional<String>> accountRefusal,
      Function<String, ReconcileFailure> refuse) {
    if (claim instanceof Claim.Ours) {
      return false;
    }
    if (claim instanceof Claim.HeldByResource held) {
      throw refuse.apply(
          "owned by %s, which still exists: never adopted".formatted(held.owner().describe()));
    }
    if (claim instanceof Claim.OtherCluster other) {
      throw refuse.apply(
          "owned by %s, another cluster's operator: never adopted"
              .formatted(other.owner().describe()));
    }
    if (claim instanceof Claim.Orphaned orphan) {
      // Its cluster tag is ours, but a cluster name shared by mistake looks exactly the same:
      // only a person can tell that nobody needs it any more.
      throw refuse.apply(
          ("created for %s, which does not exist in this cluster: adoptable only once tagged"
                  + " xaccount.io/released by hand")
              .formatted(orphan.owner().describe()));
    }
    String state = describe(claim);
    if (!Ownership.adoptionRequested(resource)) {
      throw refuse.apply(state + "; the resource does not ask for adoption (xaccount.io/adopt)");
    }
    Optional<String> refusal = accountRefusal.get();
    if (refusal.isPresent()) {
      throw refuse.apply(state + "; " + refusal.get());
    }
    return true;
  }

  /**
   * Whether the resource of {@code kind} an ownership tag names still exists in this cluster, with
   * the tagged uid, according to the reconciler's own cache. Tags naming another kind are taken as
   * held by a live resource: never adopted.
   */
  public static <P extends HasMetadata> Predicate<Owner> liveOwners(
      Class<P> kind, Context<P> context) {
    return owner ->
        !kind.getSimpleName().equals(owner.kind())
            || owner.name() == null
            || context
                .getPrimaryCache()
                .get(new ResourceID(owner.name(), owner.namespace()))
                .filter(r -> r.getMetadata().getUid().equals(owner.uid()))
                .isPresent();
  }

  /** What nobody holds: untagged, or released by a Retain deletion. */
  private static String describe(Claim claim) {
    return claim instanceof Claim.Released released
        ? "released by " + released.owner().describe()
        : "not created by this operator (no " + Ownership.MANAGED_BY + " tag)";
  }
}
