/**
 * The adapter to AWS: one thin class per AWS client, one method per AWS call, pagination, error
 * translation into {@link io.xaccount.operator.aws.AwsFailure}, and the per-account credential and
 * client cache. Imports the AWS SDK and {@code iam} types, nothing of Kubernetes.
 */
package io.xaccount.operator.aws;
