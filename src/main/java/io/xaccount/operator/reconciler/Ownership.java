package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.xaccount.operator.api.v1alpha1.ApiConstants;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags that mark an IAM entity as created by this operator for one resource, and the rules read
 * from them. An entity is ours when the tags name this cluster, kind, namespace and name and it was
 * not released (a {@code Retain} deletion). Nothing else is ever changed or deleted unless the
 * resource asks to adopt it.
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
  public static final String OPERATOR = "xaccount-operator";

  private final String cluster;

  public Ownership(String cluster) {
    this.cluster = cluster;
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

  /** True when the tags say the entity was created for this resource and not released since. */
  public boolean owns(Map<String, String> tags, HasMetadata resource) {
    return OPERATOR.equals(tags.get(MANAGED_BY))
        && cluster.equals(tags.get(CLUSTER))
        && resource.getKind().equals(tags.get(KIND))
        && resource.getMetadata().getNamespace().equals(tags.get(NAMESPACE))
        && resource.getMetadata().getName().equals(tags.get(NAME))
        && !tags.containsKey(RELEASED);
  }

  /** True when the resource carries {@code xaccount.io/adopt: "true"}. */
  public static boolean adoptionRequested(HasMetadata resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(ApiConstants.ADOPT_ANNOTATION));
  }

  /** A description of who owns an entity, from its tags, for messages. */
  public static String describeOwner(Map<String, String> tags) {
    if (!tags.containsKey(MANAGED_BY)) {
      return "not created by this operator (no " + MANAGED_BY + " tag)";
    }
    if (tags.containsKey(RELEASED)) {
      return "released by %s %s/%s".formatted(tags.get(KIND), tags.get(NAMESPACE), tags.get(NAME));
    }
    return "owned by %s %s/%s in cluster %s"
        .formatted(tags.get(KIND), tags.get(NAMESPACE), tags.get(NAME), tags.get(CLUSTER));
  }
}
