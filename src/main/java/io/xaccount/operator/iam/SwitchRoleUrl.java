package io.xaccount.operator.iam;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the console's Switch Role link for a role, or says why the console cannot use it.
 *
 * <p>Form: {@code https://<signin host>/switchrole?account=<id>&roleName=<path without leading
 * slash><name>&displayName=..&color=..}. Every value is percent-encoded (a space as {@code %20},
 * not {@code +}), except the {@code /} of a role path, which is valid in a query and is kept
 * literal as in AWS's documented form and the links the IAM console itself shows ({@code
 * roleName=team/a/Ops}). {@code color} is sent only when it is six hex digits (a leading {@code #}
 * is dropped). The console cannot switch to a role that requires an ExternalId or a source
 * identity, nor to one whose path and name exceed 64 characters; for those a reason is returned
 * instead of a link that cannot work. (Session tags are only ever allowed, never required, by the
 * trust policies this operator renders, so they do not block the console.)
 */
public final class SwitchRoleUrl {

  /** The longest path-plus-name the console accepts. */
  public static final int MAX_CONSOLE_ROLE_NAME = 64;

  private static final Map<String, String> SIGNIN_HOSTS =
      Map.of(
          "aws", "signin.aws.amazon.com",
          "aws-us-gov", "signin.amazonaws-us-gov.com",
          "aws-cn", "signin.amazonaws.cn");
  private static final Pattern COLOR = Pattern.compile("[0-9A-Fa-f]{6}");

  private SwitchRoleUrl() {}

  /** A link, or the reason there is none. */
  public sealed interface Result {}

  /**
   * A working Switch Role link.
   *
   * @param url the link
   */
  public record Link(String url) implements Result {}

  /**
   * Why the console cannot switch to the role, as a sentence for status.
   *
   * @param reason the sentence
   */
  public record NotUsable(String reason) implements Result {}

  /**
   * The link for role {@code path + roleName} in {@code accountId}; {@code trust} tells whether the
   * trust policy demands what the console cannot give. displayName and color may be null.
   */
  public static Result build(
      String partition,
      String accountId,
      String path,
      String roleName,
      String displayName,
      String color,
      TrustSpec trust) {
    String host = SIGNIN_HOSTS.get(partition == null ? Arns.DEFAULT_PARTITION : partition);
    if (host == null) {
      return new NotUsable("no console sign-in host is known for partition " + partition);
    }
    if (trust != null && trust.externalId() != null) {
      return new NotUsable(
          "the role requires an ExternalId, which the console cannot pass; use the AWS CLI or SDK");
    }
    if (trust != null && trust.requireSourceIdentity()) {
      return new NotUsable(
          "the role requires a source identity, which the console cannot set; use the AWS CLI or"
              + " SDK");
    }
    String consoleName = (path == null ? "/" : path).substring(1) + roleName;
    if (consoleName.length() > MAX_CONSOLE_ROLE_NAME) {
      return new NotUsable(
          "the console only switches to roles whose path and name are at most "
              + MAX_CONSOLE_ROLE_NAME
              + " characters together; \""
              + consoleName
              + "\" has "
              + consoleName.length());
    }
    StringBuilder url = new StringBuilder("https://").append(host).append("/switchrole");
    url.append("?account=").append(encode(accountId));
    url.append("&roleName=").append(encode(consoleName).replace("%2F", "/"));
    if (displayName != null && !displayName.isEmpty()) {
      url.append("&displayName=").append(encode(displayName));
    }
    String hex = color == null ? "" : color.startsWith("#") ? color.substring(1) : color;
    if (COLOR.matcher(hex).matches()) {
      url.append("&color=").append(hex.toUpperCase(Locale.ROOT));
    }
    return new Link(url.toString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
