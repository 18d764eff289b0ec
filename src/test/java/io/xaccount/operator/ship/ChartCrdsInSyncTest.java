package io.xaccount.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart ships the same CRDs as {@code crds/} (the generated, checked-in ones). */
class ChartCrdsInSyncTest {
  private static final Path CRDS = Path.of("crds");
  private static final Path CHART_CRDS = Chart.DIR.resolve("crds");

  @Test
  void chartCrdsEqualTheCheckedInCrds() throws IOException {
    List<String> names = names(CRDS);
    assertThat(names).isNotEmpty();
    assertThat(names(CHART_CRDS))
        .as("fix with: rm -f %s/*.yml && cp crds/*.yml %s/", CHART_CRDS, CHART_CRDS)
        .isEqualTo(names);
    for (String name : names) {
      assertThat(Files.readString(CHART_CRDS.resolve(name)))
          .as("%s differs; fix with: cp crds/*.yml %s/", name, CHART_CRDS)
          .isEqualTo(Files.readString(CRDS.resolve(name)));
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
