package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.xaccount.operator.reconciler.Ownership.Claim;
import io.xaccount.operator.reconciler.Ownership.Owner;
import java.util.Optional;
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
   * @param entity the entity for messages, e.g. {@code The role /Admin}
   * @param describedOwner {@link Ownership#describeOwner} of its tags
   * @param accountRefusal why the account does not allow this adoption, empty when it does
   * @param otherwise what the user can do instead, e.g. {@code Choose another spec.roleName}
   * @return true when the entity is to be adopted, false when it is already ours
   * @throws ReconcileFailure {@code NameConflict} when it may not be changed
   */
  public static boolean decide(
      Claim claim,
      HasMetadata resource,
      String entity,
      String describedOwner,
      Supplier<Optional<String>> accountRefusal,
      String otherwise) {
    if (claim instanceof Claim.Ours) {
      return false;
    }
    if (claim instanceof Claim.HeldByResource held) {
      throw conflict(
          ("%s already exists and is owned by %s, which still exists. What another resource owns"
                  + " is never adopted; nothing was changed. %s.")
              .formatted(entity, held.owner().describe(), otherwise));
    }
    if (claim instanceof Claim.OtherCluster other) {
      throw conflict(
          ("%s already exists and is owned by %s, another cluster's operator. Entities of other"
                  + " clusters are never adopted; nothing was changed. %s.")
              .formatted(entity, other.owner().describe(), otherwise));
    }
    if (claim instanceof Claim.Orphaned orphan) {
      // Its cluster tag is ours, but a cluster name shared by mistake looks exactly the same:
      // only a person can tell that nobody needs it any more.
      throw conflict(
          ("%s already exists and was created for %s, which does not exist in this cluster."
                  + " Nothing was changed. If no cluster uses it any more, tag it"
                  + " xaccount.io/released (or remove its xaccount.io/ tags) to make it"
                  + " adoptable; otherwise %s.")
              .formatted(entity, orphan.owner().describe(), lowerFirst(otherwise)));
    }
    String state = "is " + describedOwner;
    if (!Ownership.adoptionRequested(resource)) {
      throw conflict(
          ("%s already exists and %s. Nothing was changed. %s, or, where the AwsAccount's owner"
                  + " allows it in spec.adoption, annotate the resource with"
                  + " xaccount.io/adopt=\"true\" to take it over.")
              .formatted(entity, state, otherwise));
    }
    Optional<String> refusal = accountRefusal.get();
    if (refusal.isPresent()) {
      throw conflict(
          "%s already exists and %s. Nothing was changed: %s."
              .formatted(entity, state, refusal.get()));
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

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static ReconcileFailure conflict(String message) {
    return new ReconcileFailure(Reason.NameConflict, message);
  }
}
