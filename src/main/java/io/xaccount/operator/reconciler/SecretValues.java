package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.xaccount.operator.api.v1alpha1.SecretKeyRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one key of an ExternalId Secret. The operator sees only Secrets labelled {@value #LABEL}
 * {@code =true}, and, when {@code xaccount.operator.secret-namespaces} is set, only in those
 * namespaces: its informers cache nothing else and values are read from those caches, so the RBAC
 * needs list/watch (no get) and can be confined to those namespaces. The value is returned to the
 * caller only: it is never put into a message, a log line or a status.
 */
@ApplicationScoped
public class SecretValues {
  /** The label an ExternalId Secret must carry with the value {@code true}. */
  public static final String LABEL = "xaccount.io/external-id";

  /** The name of the Secret informer in every controller that reads ExternalIds. */
  public static final String INFORMER = "externalid-secrets";

  private static final String SELECTOR = LABEL + "=true";

  private final Optional<Set<String>> namespaces;

  @Inject
  public SecretValues(OperatorSettings settings) {
    this(settings.secretNamespaces());
  }

  /** For tests: {@code namespaces} empty means every namespace. */
  public SecretValues(Optional<List<String>> namespaces) {
    this.namespaces = namespaces.filter(l -> !l.isEmpty()).map(HashSet::new);
  }

  /**
   * Where a reconcile finds a labelled Secret: the cache of an informer made by {@link #informer}.
   */
  @FunctionalInterface
  public interface Cache {
    Optional<Secret> get(String namespace, String name);
  }

  /**
   * The informer configuration for ExternalId Secrets feeding reconcilers of {@code primary}:
   * labelled Secrets only, in the configured namespaces when there are any.
   */
  public <P extends HasMetadata> InformerEventSourceConfiguration.Builder<Secret> informer(
      Class<P> primary) {
    var builder =
        InformerEventSourceConfiguration.from(Secret.class, primary)
            .withName(INFORMER)
            .withLabelSelector(SELECTOR);
    if (namespaces.isPresent()) {
      builder.withNamespaces(namespaces.get());
    } else {
      builder.withWatchAllNamespaces();
    }
    return builder;
  }

  /**
   * The Secrets of the controller running {@code context}. Reading from the informer whose event
   * woke a reconcile means a reconcile woken by a Secret's change sees that change.
   */
  public static Cache cachedIn(Context<?> context) {
    @SuppressWarnings("unchecked")
    var source =
        (InformerEventSource<Secret, ?>)
            context.eventSourceRetriever().getEventSourceFor(Secret.class, INFORMER);
    return (namespace, name) -> source.get(new ResourceID(name, namespace));
  }

  /**
   * The value of {@code ref} in {@code namespace}, trimmed of surrounding whitespace.
   *
   * @param field the spec field holding the reference, named in error messages
   * @throws ReconcileFailure {@code SecretNotFound} or {@code InvalidSpec}
   */
  public String read(Cache secrets, String namespace, SecretKeyRef ref, String field) {
    if (namespaces.isPresent() && !namespaces.get().contains(namespace)) {
      throw new ReconcileFailure(
          Reason.InvalidSpec,
          ("%s names a Secret in namespace %s, but this operator reads ExternalId Secrets only in"
                  + " %s (xaccount.operator.secret-namespaces, Helm secretNamespaces): move the"
                  + " Secret or ask the cluster admin to add the namespace")
              .formatted(
                  field,
                  namespace,
                  String.join(", ", namespaces.get().stream().sorted().toList())));
    }
    Secret secret =
        secrets
            .get(namespace, ref.getName())
            .filter(s -> s.getMetadata().getLabels() != null)
            .filter(s -> "true".equals(s.getMetadata().getLabels().get(LABEL)))
            .orElse(null);
    if (secret == null) {
      throw new ReconcileFailure(
          Reason.SecretNotFound,
          ("Secret %s/%s (%s) does not exist or is not labelled %s=true; the operator reads only"
                  + " labelled Secrets: kubectl label secret -n %s %s %s=true")
              .formatted(namespace, ref.getName(), field, LABEL, namespace, ref.getName(), LABEL));
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(ref.getKey());
    String plain = secret.getStringData() == null ? null : secret.getStringData().get(ref.getKey());
    if (encoded == null && plain == null) {
      throw new ReconcileFailure(
          Reason.InvalidSpec,
          "Secret %s/%s has no key %s (%s)"
              .formatted(namespace, ref.getName(), ref.getKey(), field));
    }
    String value =
        plain != null
            ? plain
            : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    return value.trim();
  }
}
