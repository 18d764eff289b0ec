package io.xaccount.emulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS managed policies every emulated account sees, with their published documents. Each
 * account gets its own copies so attachment counts stay per account, as in AWS.
 */
final class AwsManagedPolicies {
  static final String ADMINISTRATOR_ACCESS =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
          + "\"Resource\":\"*\"}]}";

  /** PowerUserAccess v12 as published in the AWS Managed Policy Reference (February 2026). */
  static final String POWER_USER_ACCESS =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":"
          + "[\"iam:*\",\"organizations:*\",\"account:*\"],\"Resource\":\"*\"},"
          + "{\"Effect\":\"Allow\",\"Action\":[\"account:GetAccountInformation\","
          + "\"account:GetGovCloudAccountInformation\",\"account:GetPrimaryEmail\","
          + "\"account:ListRegions\",\"iam:CreateServiceLinkedRole\","
          + "\"iam:DeleteServiceLinkedRole\",\"iam:ListRoles\","
          + "\"organizations:DescribeEffectivePolicy\",\"organizations:DescribeOrganization\"],"
          + "\"Resource\":\"*\"}]}";

  /**
   * An EXCERPT of ReadOnlyAccess: the real document lists well over a thousand service-specific
   * read actions. This keeps its shape (one Allow statement of Get/List/Describe wildcards on "*")
   * and a representative subset of its actions; do not rely on it being complete.
   */
  static final String READ_ONLY_ACCESS_EXCERPT =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadOnlyActions\","
          + "\"Effect\":\"Allow\",\"Action\":[\"access-analyzer:Get*\",\"access-analyzer:List*\","
          + "\"cloudformation:Describe*\",\"cloudformation:Get*\",\"cloudformation:List*\","
          + "\"cloudtrail:Describe*\",\"cloudtrail:Get*\",\"cloudtrail:List*\","
          + "\"cloudwatch:Describe*\",\"cloudwatch:Get*\",\"cloudwatch:List*\","
          + "\"ec2:Describe*\",\"ec2:Get*\",\"ecr:BatchGet*\",\"ecr:Describe*\",\"ecr:Get*\","
          + "\"ecr:List*\",\"eks:Describe*\",\"eks:List*\",\"iam:Generate*\",\"iam:Get*\","
          + "\"iam:List*\",\"iam:Simulate*\",\"kms:Describe*\",\"kms:Get*\",\"kms:List*\","
          + "\"lambda:Get*\",\"lambda:List*\",\"logs:Describe*\",\"logs:Get*\",\"logs:List*\","
          + "\"organizations:Describe*\",\"organizations:List*\",\"rds:Describe*\","
          + "\"rds:List*\",\"s3:Get*\",\"s3:List*\",\"sns:Get*\",\"sns:List*\","
          + "\"sqs:Get*\",\"sqs:List*\",\"sts:GetCallerIdentity\"],\"Resource\":\"*\"}]}";

  private AwsManagedPolicies() {}

  static Map<String, PolicyEntity> create() {
    Map<String, PolicyEntity> out = new LinkedHashMap<>();
    add(
        out,
        "AdministratorAccess",
        "ANPAIWMBCKSKIEE64ZLYK",
        "Provides full access to AWS services and resources.",
        "v1",
        ADMINISTRATOR_ACCESS);
    add(
        out,
        "PowerUserAccess",
        "ANPAJYRXTHIB4FOVS3ZXS",
        "Provides full access to AWS services and resources, but does not allow management of"
            + " Users and groups.",
        "v12",
        POWER_USER_ACCESS);
    add(
        out,
        "ReadOnlyAccess",
        "ANPAILL3HVNFSB6DCOWYQ",
        "Provides read-only access to AWS services and resources.",
        "v1",
        READ_ONLY_ACCESS_EXCERPT);
    return out;
  }

  private static void add(
      Map<String, PolicyEntity> out,
      String name,
      String id,
      String description,
      String versionId,
      String document) {
    Instant created = Instant.parse("2015-02-06T18:39:46Z");
    String arn = "arn:aws:iam::aws:policy/" + name;
    PolicyEntity p = new PolicyEntity(arn, name, "/", id, created, description, true);
    p.versions.put(versionId, new PolicyEntity.Version(versionId, document, created));
    p.defaultVersionId = versionId;
    out.put(arn, p);
  }
}
