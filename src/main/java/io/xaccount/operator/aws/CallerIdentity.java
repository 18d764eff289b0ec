package io.xaccount.operator.aws;

/** What sts:GetCallerIdentity said: who the operator is acting as. */
public record CallerIdentity(String accountId, String arn, String userId) {}
