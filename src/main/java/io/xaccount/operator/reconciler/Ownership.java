package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.xaccount.operator.api.v1alpha1.ApiConstants;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The tags that mark an IAM entity as created by this operator for one resource, and the rules read
 * from them. Ownership is cluster identity + kind + namespace + name + uid: an entity is ours only
 * when all of them name the resource at hand and it was not released (a {@code Retain} deletion).
 * Anything else is classified by {@link #claim} so that callers can refuse it or, where the account
 * allows, adopt it.
 */
public final class Ownership {
  public static final String PREFIX = "xaccount.io/";
  public static final String MANAGED_BY = PREFIX + "managed-by";
  public static final String CLUSTER = PREFIX + "cluster";
  public static final String KIND = PREFIX + "kind";
  public static final String NAMESPACE = PREFIX + "namespace";
  public static final String NAME = PREFIX + "name";
  public static final String UID = PREFIX + "uid";
  public static final String RELEASED = PREFIX + "released";

  /**
   * Set, with the time, by the first write of an adoption, so that the operator's IAM policy can
   * tell taking over an existing entity from creating one (see deploy/iam); kept afterwards.
   */
  public static final String ADOPTED = PREFIX + "adopted";

  public static final String OPERATOR = "xaccount-operator";

  /** The kind tag of a policy carrying the grants that reach one set of principals. */
  public static final String GRANT_PACK = "AssumeRoleGrantPack";

  /**
   * The principals a grant pack is attached to, as {@code group/developers user/alice}: a tag value
   * takes no comma, so any character a tag refuses (IAM names may hold commas) becomes {@code _}.
   */
  public static final String PRINCIPALS = PREFIX + "principals";

  /** IAM's limit on a tag value. */
  private static final int MAX_TAG_VALUE = 256;

  /**
   * The cluster tag that versions before per-cluster identities wrote when no cluster name was set.
   * An entity carrying it is still ours when its uid tag names the resource (uids are unique across
   * clusters); the next reconcile re-tags it with this cluster's identity.
   */
  public static final String LEGACY_DEFAULT_CLUSTER = "default";

  private final String cluster;

  public Ownership(String cluster) {
    this.cluster = Objects.requireNonNull(cluster);
  }

  /** This cluster's identity as written into the cluster tag. */
  public String cluster() {
    return cluster;
  }

  /** The ownership tags for a resource. */
  public Map<String, String> tagsFor(HasMetadata resource) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(MANAGED_BY, OPERATOR);
    tags.put(CLUSTER, cluster);
    tags.put(KIND, resource.getKind());
    tags.put(NAMESPACE, resource.getMetadata().getNamespace());
    tags.put(NAME, resource.getMetadata().getName());
    tags.put(UID, resource.getMetadata().getUid());
    return tags;
  }

  /**
   * The tags of a grant pack: this cluster's, the pack's kind, its principals (cut to IAM's 256
   * characters; the pack's name carries the exact set's hash) and, for a pack only one namespace's
   * grants use, that namespace.
   */
  public Map<String, String> tagsForPack(String principals, String namespace) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(MANAGED_BY, OPERATOR);
    tags.put(CLUSTER, cluster);
    tags.put(KIND, GRANT_PACK);
    if (namespace != null) {
      tags.put(NAMESPACE, namespace);
    }
    String value = principals.replace(',', ' ').replaceAll("[^\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]", "_");
    tags.put(
        PRINCIPALS, value.length() > MAX_TAG_VALUE ? value.substring(0, MAX_TAG_VALUE) : value);
    return tags;
  }

  /** True when the tags say the policy is a grant pack of this cluster, not released. */
  public boolean ownsPack(Map<String, String> tags) {
    return OPERATOR.equals(tags.get(MANAGED_BY))
        && cluster.equals(tags.get(CLUSTER))
        && GRANT_PACK.equals(tags.get(KIND))
        && !tags.containsKey(RELEASED);
  }

  /** True when the tags say the entity was created for this very resource and not released. */
  public boolean owns(Map<String, String> tags, HasMetadata resource) {
    return claim(tags, resource, owner -> true) instanceof Claim.Ours;
  }

  /**
   * True when the tags say this cluster's operator created the entity (for whichever resource):
   * what a bulk read keeps, before {@link #claim} decides for one resource.
   */
  public boolean ownedByThisCluster(Map<String, String> tags) {
    String owner = tags.get(CLUSTER);
    return OPERATOR.equals(tags.get(MANAGED_BY))
        && (cluster.equals(owner) || LEGACY_DEFAULT_CLUSTER.equals(owner));
  }

  /**
   * Who the tags say holds an entity, seen from {@code resource}.
   *
   * @param live whether a resource of this cluster named by the tags still exists (with the tagged
   *     uid); only asked about owners of this cluster
   */
  public Claim claim(Map<String, String> tags, HasMetadata resource, Predicate<Owner> live) {
    if (!OPERATOR.equals(tags.get(MANAGED_BY))) {
      return new Claim.Unmanaged();
    }
    Owner owner = Owner.of(tags);
    if (tags.containsKey(RELEASED)) {
      return new Claim.Released(owner);
    }
    boolean sameResource =
        Objects.equals(resource.getKind(), owner.kind())
            && Objects.equals(resource.getMetadata().getNamespace(), owner.namespace())
            && Objects.equals(resource.getMetadata().getName(), owner.name())
            && Objects.equals(resource.getMetadata().getUid(), owner.uid());
    if (sameResource
        && (cluster.equals(owner.cluster()) || LEGACY_DEFAULT_CLUSTER.equals(owner.cluster()))) {
      return new Claim.Ours();
    }
    if (!cluster.equals(owner.cluster())) {
      // Nothing here can tell whether another cluster's resource still exists: it always does.
      return new Claim.OtherCluster(owner);
    }
    return live.test(owner) ? new Claim.HeldByResource(owner) : new Claim.Orphaned(owner);
  }

  /** True when the resource carries {@code xaccount.io/adopt: "true"}. */
  public static boolean adoptionRequested(HasMetadata resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(ApiConstants.ADOPT_ANNOTATION));
  }

  /** A description of who owns an entity, from its tags, for messages. */
  public static String describeOwner(Map<String, String> tags) {
    if (!OPERATOR.equals(tags.get(MANAGED_BY))) {
      return "not created by this operator (no " + MANAGED_BY + " tag)";
    }
    Owner owner = Owner.of(tags);
    if (tags.containsKey(RELEASED)) {
      return "released by " + owner.describe();
    }
    return "owned by " + owner.describe();
  }

  /**
   * The resource an entity's ownership tags name.
   *
   * @param cluster the cluster tag
   * @param kind the kind tag
   * @param namespace the namespace tag
   * @param name the name tag
   * @param uid the uid tag
   */
  public record Owner(String cluster, String kind, String namespace, String name, String uid) {
    static Owner of(Map<String, String> tags) {
      return new Owner(
          tags.get(CLUSTER), tags.get(KIND), tags.get(NAMESPACE), tags.get(NAME), tags.get(UID));
    }

    /** E.g. {@code CrossAccountRole team-a/admin (uid 1234...) in cluster 5f0c...}. */
    public String describe() {
      return "%s %s/%s (uid %s) in cluster %s".formatted(kind, namespace, name, uid, cluster);
    }
  }

  /** What an entity's tags say about who holds it. */
  public sealed interface Claim {
    /** Created for the resource at hand and not released. */
    record Ours() implements Claim {}

    /** Not created by this operator. */
    record Unmanaged() implements Claim {}

    /** Created by this operator and released by a {@code Retain} deletion. */
    record Released(Owner owner) implements Claim {}

    /** Created in this cluster for a resource that no longer exists (its finalizer was lost). */
    record Orphaned(Owner owner) implements Claim {}

    /** Created in this cluster for another resource that still exists. */
    record HeldByResource(Owner owner) implements Claim {}

    /** Created by the operator of another cluster. */
    record OtherCluster(Owner owner) implements Claim {}
  }
}
