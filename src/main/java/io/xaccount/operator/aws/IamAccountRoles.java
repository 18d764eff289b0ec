package io.xaccount.operator.aws;

import io.xaccount.operator.iam.AccountRoles;
import io.xaccount.operator.iam.InvalidPolicyException;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.iam.PolicyDocument;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.Tag;

/** Reads every role of an account in a few calls, instead of 3 + k calls per role. */
@ApplicationScoped
public class IamAccountRoles {
  private static final Logger LOG = Logger.getLogger(IamAccountRoles.class);

  /** IAM's largest page; IAM may answer with fewer and says so with IsTruncated. */
  static final int PAGE = 1000;

  /**
   * GetAccountAuthorizationDetails (Filter=Role) for each role's trust policy, inline and attached
   * policies, boundary, tags, creation and last use (RoleLastUsed), then ListRoles for its
   * description and maximum session duration, which the details lack; both paginated. A role seen
   * by only one of them, or with another role ID in each (deleted and re-created in between), is
   * left out, as is one whose documents do not parse: whoever needs it reads it directly.
   *
   * @param readAt when the read begins, as the caller's clock says
   * @param keep which roles to keep, by their tags (the others are not held in memory)
   */
  public AccountRoles read(
      AccountClients clients, Instant readAt, Predicate<Map<String, String>> keep) {
    IamClient iam = clients.iam();
    AtomicInteger calls = new AtomicInteger();
    Map<String, RoleDetail> details = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    IamRoles.call(
        "iam:GetAccountAuthorizationDetails",
        () -> {
          iam.getAccountAuthorizationDetailsPaginator(r -> r.filter(EntityType.ROLE).maxItems(PAGE))
              .forEach(
                  page -> {
                    calls.incrementAndGet();
                    page.roleDetailList().stream()
                        .filter(d -> keep.test(tags(d.tags())))
                        .forEach(d -> details.put(d.roleName(), d));
                  });
          return null;
        });
    Map<String, ObservedRole> roles = new LinkedHashMap<>();
    IamRoles.call(
        "iam:ListRoles",
        () -> {
          iam.listRolesPaginator(r -> r.maxItems(PAGE))
              .forEach(
                  page -> {
                    calls.incrementAndGet();
                    for (Role role : page.roles()) {
                      RoleDetail detail = details.get(role.roleName());
                      if (detail != null && detail.roleId().equals(role.roleId())) {
                        observed(detail, role).ifPresent(o -> roles.put(o.name(), o));
                      }
                    }
                  });
          return null;
        });
    return new AccountRoles(readAt, roles, calls.get());
  }

  private static Optional<ObservedRole> observed(RoleDetail detail, Role role) {
    try {
      Set<String> attached = new TreeSet<>();
      detail.attachedManagedPolicies().forEach(p -> attached.add(p.policyArn()));
      Map<String, PolicyDocument> inline = new LinkedHashMap<>();
      detail
          .rolePolicyList()
          .forEach(p -> inline.put(p.policyName(), PolicyDocument.parse(p.policyDocument())));
      return Optional.of(
          new ObservedRole(
              detail.roleName(),
              detail.path(),
              role.description(),
              role.maxSessionDuration(),
              PolicyDocument.parse(detail.assumeRolePolicyDocument()),
              attached,
              inline,
              detail.permissionsBoundary() == null
                  ? null
                  : detail.permissionsBoundary().permissionsBoundaryArn(),
              tags(detail.tags()),
              detail.arn(),
              detail.roleId(),
              IamRoles.use(detail.createDate(), detail.roleLastUsed())));
    } catch (InvalidPolicyException e) {
      LOG.warnf(
          "Bulk read left out a role whose documents do not parse: role=%s reason=%s",
          detail.roleName(), e.getMessage());
      return Optional.empty();
    }
  }

  private static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach(t -> out.put(t.key(), t.value()));
    return out;
  }
}
