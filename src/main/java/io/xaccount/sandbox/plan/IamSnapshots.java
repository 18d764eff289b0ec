package io.xaccount.sandbox.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code aws iam get-account-authorization-details} output per account: a directory of {@code
 * <accountId>.json} files (as {@code sandbox --iam-snapshot} writes them), or one file whose
 * account is its name's 12 digits or else the account of the ARNs in it.
 */
final class IamSnapshots {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACCOUNT_FILE = Pattern.compile("^(\\d{12})\\.json$");
  private static final Pattern ARN_ACCOUNT = Pattern.compile("^arn:[a-z-]+:iam::(\\d{12}):");

  private IamSnapshots() {}

  /** Account ID to its details. */
  static Map<String, JsonNode> read(Path path) throws IOException {
    Map<String, JsonNode> byAccount = new TreeMap<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.list(path)) {
        for (Path file : files.sorted().toList()) {
          Matcher m = ACCOUNT_FILE.matcher(file.getFileName().toString());
          if (m.matches()) {
            byAccount.put(m.group(1), JSON.readTree(file.toFile()));
          }
        }
      }
      if (byAccount.isEmpty()) {
        throw new IOException(path + " holds no <12-digit account ID>.json file");
      }
      return byAccount;
    }
    JsonNode details = JSON.readTree(path.toFile());
    Matcher m = ACCOUNT_FILE.matcher(path.getFileName().toString());
    String account =
        m.matches()
            ? m.group(1)
            : accountOf(details)
                .orElseThrow(
                    () ->
                        new IOException(
                            path + ": cannot tell its account (name the file <account ID>.json)"));
    byAccount.put(account, details);
    return byAccount;
  }

  private static Optional<String> accountOf(JsonNode details) {
    for (String list : List.of("RoleDetailList", "UserDetailList", "GroupDetailList")) {
      for (JsonNode entry : details.path(list)) {
        Matcher m = ARN_ACCOUNT.matcher(entry.path("Arn").asText());
        if (m.find()) {
          return Optional.of(m.group(1));
        }
      }
    }
    return Optional.empty();
  }
}
