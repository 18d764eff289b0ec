package io.xaccount.sandbox.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.sandbox.Observed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How plan prints what the resources report: per entity, errors last, JSON versioned. */
class PlanReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void entitiesAreMarkedByWhatHappensToThemAndAnAccessMapIsShownWithItsRole() throws Exception {
    Observed created =
        observed(
            "CrossAccountRole",
            "new-role",
            """
            {"planHash":"0123456789abcdef","plannedChanges":[
              {"action":"CreateRole","target":"arn:aws:iam::111111111111:role/New",
               "summary":"create role /New","diff":["+ Path: \\"/\\""]},
              {"action":"AttachRolePolicy","target":"arn:aws:iam::111111111111:role/New",
               "summary":"attach policy p","diff":[]}],
             "access":{"trust":{"accountIds":["123456789012"],"requireMfa":true},
               "grants":[{"namespace":"platform","name":"devs","accountId":"123456789012",
                 "via":"roleRef","principals":["group/developers"],"phase":"Pending"}],
               "hops":[{"namespace":"platform","name":"hop","roleArn":"arn:aws:iam::1:role/H",
                 "through":"its policies allow sts:AssumeRole on *"}],
               "warnings":["w1"]},
             "conditions":[{"type":"Ready","status":"True","reason":"Planned"}]}""");
    Observed unchanged =
        observed(
            "AssumeRoleGrant",
            "grant",
            """
            {"policyArn":"arn:aws:iam::123456789012:policy/xaccount/grants/abc/p.1",
             "conditions":[{"type":"Ready","status":"True","reason":"InSync"}]}""");
    Observed refused =
        observed(
            "CrossAccountRole",
            "taken",
            """
            {"conditions":[{"type":"Ready","status":"False","reason":"NameConflict",
              "message":"The role /Taken already exists"}]}""");

    PlanReport report =
        new PlanReport(List.of(created, unchanged, refused), Map.of(), List.of(), false)
            .withNotes(List.of("Not compared: Description"));

    assertThat(report.ok()).isFalse();
    assertThat(report.text())
        .contains("+ create arn:aws:iam::111111111111:role/New")
        .contains("      CreateRole: create role /New\n          + Path: \"/\"")
        .contains(
            "  access:\n"
                + "    trust: account 123456789012; requires MFA\n"
                + "    grant platform/devs (roleRef, Pending) from 123456789012: group/developers\n"
                + "    hop platform/hop arn:aws:iam::1:role/H: its policies allow sts:AssumeRole"
                + " on *\n"
                + "    warning: w1\n")
        .doesNotContain("{")
        .contains("= unchanged arn:aws:iam::123456789012:policy/xaccount/grants/abc/p.1")
        .contains("! CrossAccountRole platform/taken: NameConflict: The role /Taken already exists")
        .contains("\nNotes:\n  - Not compared: Description\n")
        .endsWith("Plan: 1 to create, 0 to update, 0 to delete, 1 unchanged; 1 error(s).\n");
    JsonNode json = JSON.readTree(report.json());
    assertThat(json.path("formatVersion").asInt()).isEqualTo(PlanReport.FORMAT_VERSION);
    assertThat(json.at("/resources/0/entities/0/action").asText()).isEqualTo("create");
    assertThat(json.at("/resources/0/entities/0/changes")).hasSize(2);
    assertThat(json.at("/resources/0/access/trust/accountIds/0").asText())
        .isEqualTo("123456789012");
    assertThat(json.at("/resources/0/planHash").asText()).isEqualTo("0123456789abcdef");
    assertThat(json.at("/errors/0/reason").asText()).isEqualTo("NameConflict");
  }

  @Test
  void aRoleThatExistsShowsWhatIamRecordedOfItsLastUse() throws Exception {
    Observed used =
        observed(
            "CrossAccountRole",
            "used",
            """
            {"roleArn":"arn:aws:iam::111111111111:role/Used",
             "lastUsed":{"time":"2030-01-31T09:12:00Z","region":"eu-west-1",
               "roleCreated":"2029-01-01T00:00:00Z"},
             "conditions":[{"type":"Ready","status":"True","reason":"InSync"}]}""");
    Observed idle =
        observed(
            "CrossAccountRole",
            "idle",
            """
            {"roleArn":"arn:aws:iam::111111111111:role/Idle",
             "lastUsed":{"roleCreated":"2029-01-01T00:00:00Z","unusedLongerThan":"90d"},
             "conditions":[{"type":"Ready","status":"True","reason":"InSync"}]}""");

    PlanReport report = new PlanReport(List.of(used, idle), Map.of(), List.of(), false);

    assertThat(report.text())
        .contains(
            "= unchanged arn:aws:iam::111111111111:role/Used\n  last used 2030-01-31T09:12:00Z in eu-west-1\n")
        .contains(
            "  never used since its creation at 2029-01-01T00:00:00Z (IAM keeps 400 days);"
                + " unused for longer than 90d\n");
    assertThat(JSON.readTree(report.json()).at("/resources/0/lastUsed/region").asText())
        .isEqualTo("eu-west-1");
    assertThat(PlanMarkdown.of(report)).contains("<br>last used 2030-01-31T09:12:00Z in eu-west-1");
  }

  private static Observed observed(String kind, String name, String status) throws Exception {
    return PlanGoldenTest.observed(kind, name, "{}", status);
  }
}
