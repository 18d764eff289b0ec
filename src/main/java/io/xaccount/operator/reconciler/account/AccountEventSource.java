package io.xaccount.operator.reconciler.account;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Wakes the resources that target an AwsAccount when that account changes in a way that concerns
 * them: its spec (allowed namespaces, guardrails, credentials) or a flip of its Ready condition.
 * Its periodic re-verification rewrites its status without waking anyone.
 */
public final class AccountEventSource {
  private AccountEventSource() {}

  /**
   * @param accountRef how a primary resource names its AwsAccount
   */
  public static <P extends HasMetadata> InformerEventSource<AwsAccount, P> of(
      String name,
      Class<P> primary,
      EventSourceContext<P> context,
      Function<P, String> accountRef) {
    var configuration =
        InformerEventSourceConfiguration.from(AwsAccount.class, primary)
            .withName(name)
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
}
