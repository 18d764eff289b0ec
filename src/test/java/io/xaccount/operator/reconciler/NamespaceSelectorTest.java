package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceSelectorTest {
  private static final Map<String, String> TENANT =
      Map.of("xaccount.io/tenant", "true", "team", "payments");

  @Test
  void matchLabelsMustAllHold() {
    LabelSelector selector =
        new LabelSelectorBuilder()
            .addToMatchLabels("xaccount.io/tenant", "true")
            .addToMatchLabels("team", "payments")
            .build();
    assertThat(NamespaceSelector.matches(selector, TENANT)).isTrue();
    assertThat(NamespaceSelector.matches(selector, Map.of("xaccount.io/tenant", "true"))).isFalse();
    assertThat(NamespaceSelector.matches(selector, null)).isFalse();
  }

  @Test
  void expressionsFollowKubernetesSemantics() {
    assertThat(matches("team", "In", "payments", "search")).isTrue();
    assertThat(matches("team", "In", "search")).isFalse();
    assertThat(matches("team", "NotIn", "search")).isTrue();
    assertThat(matches("team", "NotIn", "payments")).isFalse();
    assertThat(matches("missing", "NotIn", "x")).isTrue();
    assertThat(matches("team", "Exists")).isTrue();
    assertThat(matches("missing", "Exists")).isFalse();
    assertThat(matches("missing", "DoesNotExist")).isTrue();
    assertThat(matches("team", "DoesNotExist")).isFalse();
    assertThat(matches("team", "Bogus", "payments")).isFalse();
  }

  @Test
  void anEmptySelectorIsRecognisedSoThatItCanMeanNobody() {
    assertThat(NamespaceSelector.isEmpty(null)).isTrue();
    assertThat(NamespaceSelector.isEmpty(new LabelSelector())).isTrue();
    assertThat(
            NamespaceSelector.isEmpty(
                new LabelSelectorBuilder().addToMatchLabels("a", "b").build()))
        .isFalse();
  }

  private static boolean matches(String key, String operator, String... values) {
    LabelSelector selector =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey(key)
            .withOperator(operator)
            .withValues(values)
            .endMatchExpression()
            .build();
    return NamespaceSelector.matches(selector, TENANT);
  }
}
