package io.xaccount.operator.reconciler.account;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Wakes the resources that target an AwsAccount when that account changes in a way that concerns
 * them: its spec (allowed namespaces, guardrails, credentials) or a flip of its Ready condition.
 * Its periodic re-verification rewrites its status without waking anyone. Its cache is where those
 * resources read their accounts: no API call per reconcile.
 */
public final class AccountEventSource {
  /** The event source's name in every controller that has one. */
  public static final String NAME = "accounts";

  private AccountEventSource() {}

  /**
   * @param accountRef how a primary resource names its AwsAccount
   */
  public static <P extends HasMetadata> InformerEventSource<AwsAccount, P> of(
      Class<P> primary, EventSourceContext<P> context, Function<P, String> accountRef) {
    var configuration =
        InformerEventSourceConfiguration.from(AwsAccount.class, primary)
            .withName(NAME)
            .withOnUpdateFilter(
                (next, previous) ->
                    !Objects.equals(
                            next.getMetadata().getGeneration(),
                            previous.getMetadata().getGeneration())
                        || AccountAccess.isReady(next) != AccountAccess.isReady(previous))
            .withSecondaryToPrimaryMapper(
                account ->
                    context
                        .getPrimaryCache()
                        .list(r -> account.getMetadata().getName().equals(accountRef.apply(r)))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  /** The AwsAccount {@code name} as the informer of {@code context}'s controller holds it. */
  public static Optional<AwsAccount> cached(Context<?> context, String name) {
    return source(context).get(new ResourceID(name));
  }

  /** Every AwsAccount the informer of {@code context}'s controller holds. */
  public static Stream<AwsAccount> all(Context<?> context) {
    return source(context).list(account -> true);
  }

  @SuppressWarnings("unchecked")
  private static InformerEventSource<AwsAccount, ?> source(Context<?> context) {
    return (InformerEventSource<AwsAccount, ?>)
        context.eventSourceRetriever().getEventSourceFor(AwsAccount.class, NAME);
  }
}
