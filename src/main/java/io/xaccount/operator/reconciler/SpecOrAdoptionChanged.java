package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.xaccount.operator.api.v1alpha1.ApiConstants;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of our own resources are worth a reconcile: a spec change (generation), the
 * adoption or revoke annotation being set or removed, deletion, or a finalizer change. Status
 * writes, our own included, are not: a converged resource must not re-read IAM because its status
 * moved.
 */
public class SpecOrAdoptionChanged implements OnUpdateFilter<HasMetadata> {
  @Override
  public boolean accept(HasMetadata next, HasMetadata previous) {
    var a = next.getMetadata();
    var b = previous.getMetadata();
    return !Objects.equals(a.getGeneration(), b.getGeneration())
        || !Objects.equals(
            annotation(a.getAnnotations(), ApiConstants.ADOPT_ANNOTATION),
            annotation(b.getAnnotations(), ApiConstants.ADOPT_ANNOTATION))
        || !Objects.equals(
            annotation(a.getAnnotations(), ApiConstants.REVOKE_ANNOTATION),
            annotation(b.getAnnotations(), ApiConstants.REVOKE_ANNOTATION))
        || !Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
        || !Objects.equals(a.getFinalizers(), b.getFinalizers());
  }

  private static String annotation(Map<String, String> annotations, String key) {
    return annotations == null ? null : annotations.get(key);
  }
}
