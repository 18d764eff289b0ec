package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Role patterns: the path compared case-sensitively, the name without regard to case. */
class RolePatternsTest {
  @ParameterizedTest(name = "{0} vs {1}{2} -> {3}")
  @CsvSource({
    "/LegacyAdmin, /, LegacyAdmin, true",
    "/LegacyAdmin, /, legacyadmin, true",
    "/legacyadmin, /, LegacyAdmin, true",
    "/LegacyAdmin, /legacy/, LegacyAdmin, false",
    "/legacy/*, /legacy/, Anything, true",
    "/legacy/*, /legacy/deep/, Anything, true",
    "/legacy/*, /LEGACY/, Anything, false",
    "/legacy/*, /, legacy, false",
    "/Legacy*, /, LegacyAdmin, true",
    "/Legacy*, /, OrgAdmin, false",
    "/Legacy?, /, Legacy1, true",
    "/Legacy?, /, Legacy12, false",
    "/*, /any/path/, Role, true",
    "*, /, Role, true",
  })
  void matches(String pattern, String path, String name, boolean expected) {
    assertThat(RolePatterns.matches(pattern, path, name)).isEqualTo(expected);
  }
}
