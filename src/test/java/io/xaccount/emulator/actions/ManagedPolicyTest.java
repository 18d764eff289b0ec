package io.xaccount.emulator.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.emulator.EmulatorTestBase;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.ListEntitiesForPolicyResponse;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Tag;

class ManagedPolicyTest extends EmulatorTestBase {
  static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";
  static final String DOC =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::111111111111:role/X\"}]}";

  @Test
  void awsManagedPoliciesExistWithTheirRealDocuments() throws Exception {
    IamClient iam = iam(PROD);
    Policy p = iam.getPolicy(b -> b.policyArn(POWER_USER)).policy();
    assertThat(p.policyName()).isEqualTo("PowerUserAccess");
    PolicyVersion v =
        iam.getPolicyVersion(b -> b.policyArn(POWER_USER).versionId(p.defaultVersionId()))
            .policyVersion();
    var doc = new ObjectMapper().readTree(decode(v.document()));
    assertThat(doc.at("/Statement/0/NotAction").toString())
        .isEqualTo("[\"iam:*\",\"organizations:*\",\"account:*\"]");
    assertThat(
            iam.getPolicy(b -> b.policyArn("arn:aws:iam::aws:policy/AdministratorAccess"))
                .policy()
                .arn())
        .endsWith("AdministratorAccess");
    // All of AWS's, over more than one page (IAM's default MaxItems is 100).
    assertThat(iam.listPoliciesPaginator(b -> b.scope(PolicyScopeType.AWS)).policies())
        .extracting(Policy::policyName)
        .contains("PowerUserAccess", "ReadOnlyAccess", "AdministratorAccess", "ViewOnlyAccess")
        .hasSizeGreaterThan(1000)
        .doesNotHaveDuplicates();
  }

  @Test
  void createPolicyWithTagsPathDescriptionAndListIt() throws Exception {
    IamClient iam = iam(DEV);
    Policy p =
        iam.createPolicy(
                b ->
                    b.policyName("AssumeProd")
                        .path("/xaccount/")
                        .description("lets devs switch")
                        .policyDocument(DOC)
                        .tags(Tag.builder().key("owner").value("op").build()))
            .policy();
    assertThat(p.arn()).isEqualTo("arn:aws:iam::" + DEV + ":policy/xaccount/AssumeProd");
    assertThat(p.policyId()).matches("ANPA[A-Z0-9]{17}");
    assertThat(p.defaultVersionId()).isEqualTo("v1");
    Policy got = iam.getPolicy(b -> b.policyArn(p.arn())).policy();
    assertThat(got.description()).isEqualTo("lets devs switch");
    assertThat(got.tags()).extracting(Tag::key).containsExactly("owner");
    assertThat(
            iam.listPolicies(b -> b.scope(PolicyScopeType.LOCAL).pathPrefix("/xaccount/"))
                .policies())
        .extracting(Policy::arn)
        .containsExactly(p.arn());
    assertThat(iam.listPolicies(b -> b.scope(PolicyScopeType.LOCAL).onlyAttached(true)).policies())
        .isEmpty();
    String doc =
        iam.getPolicyVersion(b -> b.policyArn(p.arn()).versionId("v1")).policyVersion().document();
    assertThat(new ObjectMapper().readTree(decode(doc)))
        .isEqualTo(new ObjectMapper().readTree(DOC));

    iam.tagPolicy(b -> b.policyArn(p.arn()).tags(Tag.builder().key("env").value("dev").build()));
    iam.untagPolicy(b -> b.policyArn(p.arn()).tagKeys("owner"));
    assertThat(iam.listPolicyTags(b -> b.policyArn(p.arn())).tags())
        .containsExactly(Tag.builder().key("env").value("dev").build());
    assertAwsError(
        () -> iam.createPolicy(b -> b.policyName("assumeprod").policyDocument(DOC)),
        "EntityAlreadyExists",
        409);
  }

  @Test
  void versionsAreLimitedToFiveAndBlockDeletion() {
    IamClient iam = iam(DEV);
    String arn = iam.createPolicy(b -> b.policyName("P").policyDocument(DOC)).policy().arn();
    for (int i = 2; i <= 5; i++) {
      iam.createPolicyVersion(b -> b.policyArn(arn).policyDocument(DOC).setAsDefault(true));
    }
    assertThat(iam.getPolicy(b -> b.policyArn(arn)).policy().defaultVersionId()).isEqualTo("v5");
    assertAwsError(
        () -> iam.createPolicyVersion(b -> b.policyArn(arn).policyDocument(DOC)),
        "LimitExceeded",
        409);
    assertThat(iam.listPolicyVersions(b -> b.policyArn(arn)).versions())
        .extracting(PolicyVersion::versionId)
        .containsExactly("v5", "v4", "v3", "v2", "v1");
    assertAwsError(
        () -> iam.deletePolicyVersion(b -> b.policyArn(arn).versionId("v5")),
        "DeleteConflict",
        409);
    iam.setDefaultPolicyVersion(b -> b.policyArn(arn).versionId("v1"));
    assertAwsError(() -> iam.deletePolicy(b -> b.policyArn(arn)), "DeleteConflict", 409);
    for (String v : new String[] {"v2", "v3", "v4", "v5"}) {
      iam.deletePolicyVersion(b -> b.policyArn(arn).versionId(v));
    }
    iam.deletePolicy(b -> b.policyArn(arn));
    assertAwsError(() -> iam.getPolicy(b -> b.policyArn(arn)), "NoSuchEntity", 404);
    assertAwsError(
        () -> iam.getPolicyVersion(b -> b.policyArn(POWER_USER).versionId("v99")),
        "NoSuchEntity",
        404);
  }

  @Test
  void attachedPolicyBlocksDeletionAndShowsInListEntities() {
    IamClient iam = iam(DEV);
    String arn = iam.createPolicy(b -> b.policyName("P").policyDocument(DOC)).policy().arn();
    emu.account(DEV).createUser("alice");
    emu.account(DEV).createGroup("developers");
    emu.account(DEV).createRole("R", trustAccount(DEV));
    iam.attachUserPolicy(b -> b.userName("alice").policyArn(arn));
    iam.attachGroupPolicy(b -> b.groupName("developers").policyArn(arn));
    iam.attachRolePolicy(b -> b.roleName("R").policyArn(arn));

    ListEntitiesForPolicyResponse e = iam.listEntitiesForPolicy(b -> b.policyArn(arn));
    assertThat(e.policyUsers()).extracting(u -> u.userName()).containsExactly("alice");
    assertThat(e.policyGroups()).extracting(g -> g.groupName()).containsExactly("developers");
    assertThat(e.policyRoles()).extracting(r -> r.roleName()).containsExactly("R");
    assertThat(
            iam.listEntitiesForPolicy(b -> b.policyArn(arn).entityFilter(EntityType.ROLE))
                .policyUsers())
        .isEmpty();
    assertThat(iam.getPolicy(b -> b.policyArn(arn)).policy().attachmentCount()).isEqualTo(3);
    String msg =
        assertAwsError(() -> iam.deletePolicy(b -> b.policyArn(arn)), "DeleteConflict", 409);
    assertThat(msg).isEqualTo("Cannot delete a policy attached to entities.");

    assertThat(iam.listAttachedUserPolicies(b -> b.userName("alice")).attachedPolicies())
        .containsExactly(AttachedPolicy.builder().policyName("P").policyArn(arn).build());
    assertThat(iam.listAttachedGroupPolicies(b -> b.groupName("developers")).attachedPolicies())
        .hasSize(1);
    iam.detachUserPolicy(b -> b.userName("alice").policyArn(arn));
    iam.detachGroupPolicy(b -> b.groupName("developers").policyArn(arn));
    iam.detachRolePolicy(b -> b.roleName("R").policyArn(arn));
    assertAwsError(
        () -> iam.detachRolePolicy(b -> b.roleName("R").policyArn(arn)), "NoSuchEntity", 404);
    iam.deletePolicy(b -> b.policyArn(arn));
  }

  @Test
  void malformedAndOversizedPolicies() {
    IamClient iam = iam(DEV);
    assertAwsError(
        () -> iam.createPolicy(b -> b.policyName("P").policyDocument("[]")),
        "MalformedPolicyDocument",
        400);
    assertAwsError(
        () ->
            iam.createPolicy(
                b ->
                    b.policyName("P")
                        .policyDocument(
                            DOC.replace(",\"Resource\":\"arn:aws:iam::111111111111:role/X\"", ""))),
        "MalformedPolicyDocument",
        400);
    String big = DOC.replace("role/X", "role/" + "X".repeat(6200));
    String msg =
        assertAwsError(
            () -> iam.createPolicy(b -> b.policyName("P").policyDocument(big)),
            "LimitExceeded",
            409);
    assertThat(msg).isEqualTo("Cannot exceed quota for PolicySize: 6144");
    assertAwsError(
        () ->
            iam.createPolicy(
                b -> b.policyName("P").description("d".repeat(1001)).policyDocument(DOC)),
        "ValidationError",
        400);
    emu.account(DEV).createRole("R", trustAccount(DEV));
    assertAwsError(
        () -> iam.attachRolePolicy(b -> b.roleName("R").policyArn("arn:aws:s3:::some-bucket/key")),
        "InvalidInput",
        400);
    assertAwsError(
        () -> iam.attachRolePolicy(b -> b.roleName("R").policyArn("not-an-arn")),
        "ValidationError",
        400);
    assertAwsError(
        () -> iam.attachRolePolicy(b -> b.roleName("R").policyArn("arn:aws:iam::aws:policy/Nope")),
        "NoSuchEntity",
        404);
  }
}
