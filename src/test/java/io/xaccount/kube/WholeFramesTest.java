package io.xaccount.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * An informer on the embedded API keeps receiving events after one larger than a WebSocket frame of
 * the mock server (64 KiB), as it does on a cluster: the chaos run's 10,000-entry policy once
 * blinded the operator to every CrossAccountRole after it.
 */
class WholeFramesTest {
  @Test
  void aLargeObjectDoesNotStopTheWatch() {
    try (EmbeddedKubernetes kubernetes = TestApi.start();
        KubernetesClient watching =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder(Config.empty()).withMasterUrl(kubernetes.url()).build())
                .build()) {
      Set<String> seen = ConcurrentHashMap.newKeySet();
      watching
          .configMaps()
          .inNamespace("default")
          .inform(
              new ResourceEventHandler<>() {
                @Override
                public void onAdd(ConfigMap map) {
                  seen.add(map.getMetadata().getName());
                }

                @Override
                public void onUpdate(ConfigMap before, ConfigMap map) {
                  seen.add(map.getMetadata().getName() + " " + map.getMetadata().getLabels());
                }

                @Override
                public void onDelete(ConfigMap map, boolean unknown) {}
              });
      KubernetesClient client = kubernetes.client();
      for (String name : List.of("large", "small")) {
        String data = name.equals("large") ? "x".repeat(400_000) : "x";
        client
            .configMaps()
            .inNamespace("default")
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .endMetadata()
                    .addToData("data", data)
                    .build())
            .create();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> seen.containsAll(Set.of("large", "small")));

      for (String name : List.of("large", "small")) {
        client
            .configMaps()
            .inNamespace("default")
            .withName(name)
            .edit(
                m -> {
                  m.getMetadata().setLabels(java.util.Map.of("edited", "yes"));
                  return m;
                });
      }

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> assertThat(seen).contains("large {edited=yes}", "small {edited=yes}"));
    }
  }
}
