package io.xaccount.operator.reconciler.role;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import java.util.List;

/**
 * What a reconcile of a CrossAccountRole knows once its account is open and its desired role built
 * within the guardrails: what the steps after it (observe, preview, apply, report) work on.
 *
 * @param resource the CrossAccountRole
 * @param context its reconcile's context
 * @param account the verified account
 * @param desired the role and trust the spec asks for
 * @param readWarnings the warnings reading the spec earned
 */
record RoleReach(
    CrossAccountRole resource,
    Context<CrossAccountRole> context,
    VerifiedAccount account,
    DesiredRoleFactory.Desired desired,
    List<String> readWarnings) {}
