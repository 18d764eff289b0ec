package io.xaccount.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.emulator.EmulatorTestBase;
import io.xaccount.emulator.IamEmulator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * A role's creation and last use survive a snapshot: what the real account's
 * get-account-authorization-details said, GetRole says in the emulator loaded from it.
 */
class SnapshotRoleUseTest extends EmulatorTestBase {

  @Test
  void aRoleLoadedFromASnapshotKeepsItsCreationAndLastUse() {
    emu.account(PROD).createRole("Used", trustAccount(PROD));
    emu.account(PROD).createRole("Idle", trustAccount(PROD));
    caller(PROD)
        .assumeRole(r -> r.roleArn("arn:aws:iam::" + PROD + ":role/Used").roleSessionName("alice"));
    JsonNode details = emu.authorizationDetails(PROD);
    Role used = iam(PROD).getRole(r -> r.roleName("Used")).role();
    assertThat(used.roleLastUsed().region()).isEqualTo("us-east-1");

    try (IamEmulator other = IamEmulator.builder().accounts(DEV).build().start()) {
      // Loaded later, elsewhere: the snapshot's times, not the load's.
      assertThat(other.loadAuthorizationDetails(PROD, details)).isEmpty();
      IamClient otherIam = iam(other, PROD);
      Role loaded = otherIam.getRole(r -> r.roleName("Used")).role();
      assertThat(loaded.createDate()).isEqualTo(seconds(used.createDate()));
      assertThat(loaded.roleLastUsed().lastUsedDate())
          .isEqualTo(seconds(used.roleLastUsed().lastUsedDate()));
      assertThat(loaded.roleLastUsed().region()).isEqualTo("us-east-1");
      Role idle = otherIam.getRole(r -> r.roleName("Idle")).role();
      assertThat(idle.roleLastUsed() == null || idle.roleLastUsed().lastUsedDate() == null)
          .isTrue();
      assertThat(other.authorizationDetails(PROD).path("RoleDetailList").toString())
          .contains("\"Region\":\"us-east-1\"");
      otherIam.close();
    }
  }

  private static Instant seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS);
  }

  /** The administrator of {@code accountId} in another emulator. */
  private static IamClient iam(IamEmulator other, String accountId) {
    return IamClient.builder()
        .endpointOverride(other.endpoint())
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(
            StaticCredentialsProvider.create(credentials(other.adminKeys(accountId))))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
