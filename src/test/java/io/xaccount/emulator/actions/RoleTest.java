package io.xaccount.emulator.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.emulator.EmulatorTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

class RoleTest extends EmulatorTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void createGetDeleteRoleWithRealShapes() throws Exception {
    IamClient iam = iam(PROD);
    Role created =
        iam.createRole(
                b ->
                    b.roleName("CrossAccountSignin")
                        .path("/team/a/")
                        .description("switch role")
                        .maxSessionDuration(7200)
                        .assumeRolePolicyDocument(trustAccount(DEV))
                        .tags(Tag.builder().key("owner").value("xaccount").build()))
            .role();

    assertThat(created.arn()).isEqualTo("arn:aws:iam::" + PROD + ":role/team/a/CrossAccountSignin");
    assertThat(created.roleId()).matches("AROA[A-Z0-9]{17}");
    assertThat(created.createDate()).isEqualTo(clock.instant());

    Role got = iam.getRole(b -> b.roleName("crossaccountsignin")).role();
    assertThat(got.roleName()).isEqualTo("CrossAccountSignin");
    assertThat(got.description()).isEqualTo("switch role");
    assertThat(got.maxSessionDuration()).isEqualTo(7200);
    assertThat(got.tags()).containsExactly(Tag.builder().key("owner").value("xaccount").build());
    // IAM returns documents URL-encoded, and rewrites the bare account ID to its root ARN.
    assertThat(got.assumeRolePolicyDocument()).startsWith("%7B%22Version%22");
    JsonNode trust = JSON.readTree(decode(got.assumeRolePolicyDocument()));
    assertThat(trust.at("/Statement/0/Principal/AWS").asText())
        .isEqualTo("arn:aws:iam::" + DEV + ":root");
    assertThat(trust.at("/Statement/0/Action").asText()).isEqualTo("sts:AssumeRole");

    iam.deleteRole(b -> b.roleName("CrossAccountSignin"));
    assertAwsError(() -> iam.getRole(b -> b.roleName("CrossAccountSignin")), "NoSuchEntity", 404);
  }

  @Test
  void namesAreUniqueCaseInsensitively() {
    IamClient iam = iam(PROD);
    iam.createRole(b -> b.roleName("Ops").assumeRolePolicyDocument(trustAccount(DEV)));
    String msg =
        assertAwsError(
            () ->
                iam.createRole(b -> b.roleName("OPS").assumeRolePolicyDocument(trustAccount(DEV))),
            "EntityAlreadyExists",
            409);
    assertThat(msg).isEqualTo("Role with name OPS already exists.");
  }

  @Test
  void trustPrincipalIsStoredAsUniqueIdAndShowsTheIdOnceDeleted() throws Exception {
    IamClient prod = iam(PROD);
    IamClient dev = iam(DEV);
    Role trusted =
        dev.createRole(b -> b.roleName("Deployer").assumeRolePolicyDocument(trustAccount(DEV)))
            .role();
    prod.createRole(
        b -> b.roleName("Target").assumeRolePolicyDocument(trustAccount(trusted.arn())));
    assertThat(principalOf(prod, "Target")).isEqualTo(trusted.arn());

    dev.deleteRole(b -> b.roleName("Deployer"));
    assertThat(principalOf(prod, "Target")).isEqualTo(trusted.roleId());

    // Recreating the principal does not revive the match: it has a new unique ID.
    dev.createRole(b -> b.roleName("Deployer").assumeRolePolicyDocument(trustAccount(DEV)));
    assertThat(principalOf(prod, "Target")).isEqualTo(trusted.roleId());
  }

  @Test
  void unknownPrincipalIsMalformedButUnknownAccountRootIsAccepted() {
    IamClient iam = iam(PROD);
    String ghost = "arn:aws:iam::" + DEV + ":role/Ghost";
    String msg =
        assertAwsError(
            () ->
                iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(trustAccount(ghost))),
            "MalformedPolicyDocument",
            400);
    assertThat(msg).isEqualTo("Invalid principal in policy: \"AWS\":\"" + ghost + "\"");

    iam.createRole(
        b ->
            b.roleName("R")
                .assumeRolePolicyDocument(trustAccount("arn:aws:iam::999988887777:root")));
  }

  @Test
  void updateAssumeRolePolicyReplacesTrust() throws Exception {
    IamClient iam = iam(PROD);
    iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(trustAccount(DEV)));
    iam.updateAssumeRolePolicy(b -> b.roleName("R").policyDocument(trustAccount("222222222222")));
    assertThat(principalOf(iam, "R")).isEqualTo("arn:aws:iam::222222222222:root");
  }

  @Test
  void updateRoleAndDescription() {
    IamClient iam = iam(PROD);
    iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(trustAccount(DEV)));
    iam.updateRole(b -> b.roleName("R").description("d1").maxSessionDuration(43200));
    assertThat(iam.getRole(b -> b.roleName("R")).role().maxSessionDuration()).isEqualTo(43200);
    Role r = iam.updateRoleDescription(b -> b.roleName("R").description("d2")).role();
    assertThat(r.description()).isEqualTo("d2");
    assertAwsError(
        () -> iam.updateRole(b -> b.roleName("R").maxSessionDuration(3599)),
        "ValidationError",
        400);
    assertAwsError(
        () -> iam.updateRole(b -> b.roleName("R").description("x".repeat(1001))),
        "ValidationError",
        400);
  }

  @Test
  void tagUntagAndListRoleTags() {
    IamClient iam = iam(PROD);
    iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(trustAccount(DEV)));
    iam.tagRole(
        b ->
            b.roleName("R")
                .tags(
                    Tag.builder().key("a").value("1").build(),
                    Tag.builder().key("b").value("2").build()));
    iam.untagRole(b -> b.roleName("R").tagKeys("a"));
    assertThat(iam.listRoleTags(b -> b.roleName("R")).tags())
        .containsExactly(Tag.builder().key("b").value("2").build());
    assertAwsError(
        () ->
            iam.tagRole(
                b -> b.roleName("R").tags(Tag.builder().key("k".repeat(129)).value("v").build())),
        "ValidationError",
        400);
    Tag[] many = new Tag[50];
    for (int i = 0; i < 50; i++) {
      many[i] = Tag.builder().key("t" + i).value("v").build();
    }
    assertAwsError(() -> iam.tagRole(b -> b.roleName("R").tags(many)), "LimitExceeded", 409);
  }

  @Test
  void listRolesPaginatesWithMarker() {
    IamClient iam = iam(PROD);
    for (String n : List.of("r1", "r2", "r3", "r4", "r5")) {
      iam.createRole(b -> b.roleName(n).assumeRolePolicyDocument(trustAccount(DEV)));
    }
    long mark = emu.calls().mark();
    List<String> names =
        iam.listRolesPaginator(b -> b.maxItems(2)).roles().stream().map(Role::roleName).toList();
    assertThat(names).containsExactly("r1", "r2", "r3", "r4", "r5");
    assertThat(emu.calls().since(mark)).hasSize(3).allMatch(c -> c.action().equals("ListRoles"));
  }

  @Test
  void invalidNamesPathsAndDurationsAreRejected() {
    IamClient iam = iam(PROD);
    String msg =
        assertAwsError(
            () ->
                iam.createRole(
                    b -> b.roleName("bad name!").assumeRolePolicyDocument(trustAccount(DEV))),
            "ValidationError",
            400);
    assertThat(msg).contains("at 'roleName' failed to satisfy constraint");
    assertAwsError(
        () ->
            iam.createRole(
                b -> b.roleName("x".repeat(65)).assumeRolePolicyDocument(trustAccount(DEV))),
        "ValidationError",
        400);
    assertAwsError(
        () ->
            iam.createRole(
                b -> b.roleName("R").path("team").assumeRolePolicyDocument(trustAccount(DEV))),
        "ValidationError",
        400);
    assertAwsError(
        () ->
            iam.createRole(
                b ->
                    b.roleName("R")
                        .maxSessionDuration(50000)
                        .assumeRolePolicyDocument(trustAccount(DEV))),
        "ValidationError",
        400);
  }

  @Test
  void malformedTrustPoliciesAndSizeQuota() {
    IamClient iam = iam(PROD);
    assertAwsError(
        () -> iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument("{not json")),
        "MalformedPolicyDocument",
        400);
    assertAwsError(
        () ->
            iam.createRole(
                b -> b.roleName("R").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\"}")),
        "MalformedPolicyDocument",
        400);
    assertAwsError(
        () ->
            iam.createRole(
                b ->
                    b.roleName("R")
                        .assumeRolePolicyDocument(trustAccount(DEV).replace("Allow", "Permit"))),
        "MalformedPolicyDocument",
        400);
    StringBuilder accounts = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      accounts.append(i == 0 ? "" : "\",\"").append(String.format("arn:aws:iam::%012d:root", i));
    }
    String big =
        trustAccount(accounts.toString())
            .replace("\"AWS\":\"", "\"AWS\":[\"")
            .replace("\"},\"Action", "\"]},\"Action");
    String msg =
        assertAwsError(
            () -> iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(big)),
            "LimitExceeded",
            409);
    assertThat(msg).isEqualTo("Cannot exceed quota for ACLSizePerRole: 2048");
    emu.account(PROD).trustPolicySizeQuota(4096);
    iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(big));
  }

  private static String principalOf(IamClient iam, String role) throws Exception {
    String doc = iam.getRole(b -> b.roleName(role)).role().assumeRolePolicyDocument();
    return JSON.readTree(decode(doc)).at("/Statement/0/Principal/AWS").asText();
  }
}
