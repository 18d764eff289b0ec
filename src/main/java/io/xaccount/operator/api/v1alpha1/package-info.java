/**
 * The custom resource types of {@code xaccount.io/v1alpha1}: {@link
 * io.xaccount.operator.api.v1alpha1.AwsAccount}, {@link
 * io.xaccount.operator.api.v1alpha1.CrossAccountRole} and {@link
 * io.xaccount.operator.api.v1alpha1.AssumeRoleGrant}. Nothing but spec, status and conditions lives
 * here; the CRDs in {@code crds/} are generated from these classes.
 */
package io.xaccount.operator.api.v1alpha1;
