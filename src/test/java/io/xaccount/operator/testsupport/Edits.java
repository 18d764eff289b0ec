package io.xaccount.operator.testsupport;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.function.UnaryOperator;

/**
 * A person's edit, as {@code kubectl edit} or client-go's {@code retry.RetryOnConflict} makes it:
 * Fabric8's {@code edit} reads the object and patches it with that read's {@code resourceVersion},
 * so the API answers {@code 409 Conflict} when the operator wrote the object in between (a status,
 * a finalizer). The edit is then made again on the object as it is now.
 */
public final class Edits {
  private static final int ATTEMPTS = 10;

  private Edits() {}

  public static <T extends HasMetadata> T retrying(Resource<T> resource, UnaryOperator<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return resource.edit(change);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
