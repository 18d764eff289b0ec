package io.xaccount.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the documentation resolves: the file or folder exists, and an anchor names
 * a heading of the page it points into, as GitHub makes them (lower case, spaces to {@code -},
 * punctuation dropped, {@code -1}, {@code -2} for repeated headings). Reference material moved out
 * of the README once (issue 30); a link into a section that moved must move with it.
 */
class DocumentationLinksTest {
  private static final Pattern LINK =
      Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\]]*])*)]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

  static List<Path> documents() {
    List<Path> files = new ArrayList<>();
    files.add(Path.of("README.md"));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.add(Path.of("deploy", "iam", "README.md"));
    files.add(Path.of("examples", "README.md"));
    files.add(Path.of("helm", "xaccount-operator", "README.md"));
    return files;
  }

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path file : documents()) {
      for (String target : links(Files.readString(file))) {
        if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
          continue; // https:, mailto: ... are not ours to check offline
        }
        checked++;
        String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
        Path resolved =
            path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path).normalize();
        if (!Files.exists(resolved)) {
          broken.add(file + ": " + target + " (no such file)");
        } else if (anchor != null
            && resolved.toString().endsWith(".md")
            && !anchors(resolved).contains(anchor)) {
          broken.add(file + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(checked).as("links checked").isGreaterThan(100);
    assertThat(broken).isEmpty();
  }

  @Test
  void anchorsAreMadeAsGithubMakesThem() {
    assertThat(slug("Plan before you apply: `spec.managementPolicy`"))
        .isEqualTo("plan-before-you-apply-specmanagementpolicy");
    assertThat(slug("CrossAccountRole (namespaced, `xar`): the trusting side"))
        .isEqualTo("crossaccountrole-namespaced-xar-the-trusting-side");
    assertThat(slug("Alice's and Bob's switch")).isEqualTo("alices-and-bobs-switch");
    assertThat(slug("The [chart](x.md) & *its* values_v2")).isEqualTo("the-chart--its-values_v2");
  }

  /** Link targets outside fenced code blocks. */
  static List<String> links(String markdown) {
    List<String> targets = new ArrayList<>();
    boolean fenced = false;
    for (String line : markdown.split("\n")) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher m = LINK.matcher(line);
      while (m.find()) {
        targets.add(m.group(2));
      }
    }
    return targets;
  }

  /** The anchors GitHub gives the headings of a page. */
  static Set<String> anchors(Path file) {
    String markdown;
    try {
      markdown = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : markdown.split("\n")) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher m = HEADING.matcher(line);
      if (fenced || !m.matches()) {
        continue;
      }
      String base = slug(m.group(2));
      int n = seen.merge(base, 1, Integer::sum) - 1;
      anchors.add(n == 0 ? base : base + "-" + n);
    }
    return anchors;
  }

  /** GitHub's anchor for a heading's text. */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1");
    return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }
}
