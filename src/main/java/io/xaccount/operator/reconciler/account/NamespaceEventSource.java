package io.xaccount.operator.reconciler.account;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The Namespaces whose labels AwsAccount.allowedNamespaces.selector is matched against, from an
 * informer instead of a GET per reconcile. A change of a namespace's labels wakes the resources in
 * it, so that one a selector now allows (or no longer allows) is told at once, not at its next
 * resync.
 */
public final class NamespaceEventSource {
  static final String NAME = "namespaces";

  private NamespaceEventSource() {}

  public static <P extends HasMetadata> InformerEventSource<Namespace, P> of(
      Class<P> primary, EventSourceContext<P> context) {
    var configuration =
        InformerEventSourceConfiguration.from(Namespace.class, primary)
            .withName(NAME)
            // A new namespace holds no resource yet, and the informer's first listing must not
            // wake every resource a second time at start-up.
            .withOnAddFilter(namespace -> false)
            .withOnUpdateFilter(
                (next, previous) ->
                    !Objects.equals(
                        next.getMetadata().getLabels(), previous.getMetadata().getLabels()))
            .withOnDeleteFilter((namespace, unknownState) -> false)
            .withSecondaryToPrimaryMapper(
                namespace ->
                    context
                        .getPrimaryCache()
                        .list(namespace.getMetadata().getName())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  /**
   * The labels of {@code namespace}. A resource's namespace exists, so a namespace missing from the
   * cache was created a moment ago and the informer has not seen it yet: it is read once from the
   * API server rather than taken for unlabelled (Forbidden is not retried).
   */
  static Map<String, String> labels(Context<?> context, String namespace) {
    @SuppressWarnings("unchecked")
    var source =
        (InformerEventSource<Namespace, ?>)
            context.eventSourceRetriever().getEventSourceFor(Namespace.class, NAME);
    Namespace ns =
        source
            .get(new ResourceID(namespace))
            .orElseGet(() -> context.getClient().namespaces().withName(namespace).get());
    return ns == null || ns.getMetadata().getLabels() == null
        ? Map.of()
        : ns.getMetadata().getLabels();
  }
}
