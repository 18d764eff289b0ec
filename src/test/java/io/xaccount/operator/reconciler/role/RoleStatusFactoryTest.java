package io.xaccount.operator.reconciler.role;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoleStatusFactoryTest {
  @Test
  void aPolicyFullOfTyposDoesNotGrowTheStatusWithoutBound() {
    List<String> many = IntStream.range(0, 500).mapToObj(i -> "warning " + i).toList();
    List<String> capped = RoleStatusFactory.capped(many);
    assertThat(capped).hasSize(RoleStatusFactory.MAX_WARNINGS + 1);
    assertThat(capped.get(0)).isEqualTo("warning 0");
    assertThat(capped.get(RoleStatusFactory.MAX_WARNINGS)).isEqualTo("... and 480 more warnings");
    assertThat(RoleStatusFactory.capped(List.of("one"))).containsExactly("one");
    String huge = "inline policy p: action \"" + "s".repeat(5000) + "\" does not exist";
    assertThat(RoleStatusFactory.capped(List.of(huge)).get(0))
        .hasSize(RoleStatusFactory.MAX_WARNING_CHARS + 3)
        .startsWith("inline policy p: action")
        .endsWith("...");
  }
}
