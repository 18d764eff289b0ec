package io.xaccount.emulator.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.Attachments;
import io.xaccount.emulator.model.AwsManagedPolicies;
import io.xaccount.emulator.model.PolicyDocuments;
import io.xaccount.emulator.model.Roles;
import io.xaccount.emulator.wire.ActionRegistry;
import io.xaccount.emulator.wire.IamXml;
import io.xaccount.emulator.wire.Pages;
import io.xaccount.emulator.wire.Xml;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GetAccountAuthorizationDetails. The details are built once as JSON in the AWS CLI's output shape
 * (documents decoded, dates with {@code +00:00}); the Query response is rendered from that same
 * model, so both views cannot disagree.
 */
public final class AuthorizationDetails {
  private static final Set<String> DOCUMENTS =
      Set.of("PolicyDocument", "AssumeRolePolicyDocument", "Document");
  private static final String[][] SECTIONS = {
    {"User", "UserDetailList"},
    {"Group", "GroupDetailList"},
    {"Role", "RoleDetailList"},
    {"LocalManagedPolicy", "Policies"},
    {"AWSManagedPolicy", "Policies"}
  };

  private static final List<String> LISTS =
      List.of("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies");

  private AuthorizationDetails() {}

  public static void register(ActionRegistry reg) {
    reg.result(
        "GetAccountAuthorizationDetails",
        (r, x) -> {
          List<String> filter = r.members("Filter");
          List<ObjectNode> items = new ArrayList<>();
          for (String[] section : SECTIONS) {
            if (filter.isEmpty() || filter.contains(section[0])) {
              entries(r.account, section[0]).forEach(items::add);
            }
          }
          Pages.Page<ObjectNode> page = Pages.of(items, r);
          Map<String, List<ObjectNode>> byList = new java.util.LinkedHashMap<>();
          LISTS.forEach(list -> byList.put(list, new ArrayList<>()));
          page.items().forEach(i -> byList.get(i.get("_list").asText()).add(i));
          byList.forEach(
              (list, members) -> {
                x.open(list);
                members.forEach(m -> writeXml(x, "member", m.deepCopy().without("_list")));
                x.close(list);
              });
          page.writeTail(x);
        });
  }

  /** The whole account in the CLI's {@code get-account-authorization-details} JSON shape. */
  public static ObjectNode json(AccountState a) {
    ObjectNode out = PolicyDocuments.JSON.createObjectNode();
    for (String list : LISTS) {
      out.putArray(list);
    }
    for (String[] section : SECTIONS) {
      for (ObjectNode item : entries(a, section[0])) {
        ((ArrayNode) out.get(item.remove("_list").asText())).add(item);
      }
    }
    out.put("IsTruncated", false);
    return out;
  }

  private static List<ObjectNode> entries(AccountState a, String kind) {
    List<ObjectNode> out = new ArrayList<>();
    switch (kind) {
      case "User" -> a.users.values().forEach(u -> out.add(DetailModel.user(a, u)));
      case "Group" -> a.groups.values().forEach(g -> out.add(DetailModel.group(g)));
      case "Role" ->
          a.roles.values().stream()
              .filter(r -> Roles.visible(a, r))
              .forEach(r -> out.add(DetailModel.role(a, r)));
      case "LocalManagedPolicy" ->
          a.customerPolicies.values().forEach(p -> out.add(DetailModel.policy(a, p)));
      default -> {
        // Only AWS managed policies in use are reported, as AWS does.
        Set<String> used = new HashSet<>(Attachments.counts(a).keySet());
        used.addAll(Attachments.boundaryCounts(a).keySet());
        AwsManagedPolicies.all().stream()
            .filter(p -> used.contains(p.arn))
            .forEach(p -> out.add(DetailModel.policy(a, p)));
      }
    }
    return out;
  }

  static String cliDate(Instant t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME
        .format(t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC))
        .replace("Z", "+00:00");
  }

  /** Renders the JSON model as Query XML: arrays become member lists, documents URL-encoded. */
  private static void writeXml(Xml x, String element, JsonNode node) {
    if (node.isArray()) {
      x.open(element);
      node.forEach(n -> writeXml(x, "member", n));
      x.close(element);
    } else if (node.isObject() && DOCUMENTS.contains(element)) {
      x.el(element, IamXml.encode(PolicyDocuments.compact(node)));
    } else if (node.isObject()) {
      x.open(element);
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        writeXml(x, f.getKey(), f.getValue());
      }
      x.close(element);
    } else if (element.endsWith("Date")) {
      x.el(element, Instant.parse(node.asText().replace("+00:00", "Z")));
    } else {
      x.el(element, node.asText());
    }
  }
}
