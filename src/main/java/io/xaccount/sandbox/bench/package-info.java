/**
 * The benchmark ({@code quarkus-run.jar bench}): a generated workload of roles and grants applied
 * in the sandbox session, timed through first convergence, resyncs, a change wave, a break-glass
 * edit and deletion, with IAM call counts and memory in its report. It builds on the session
 * ({@link io.xaccount.sandbox}), the emulator and the operator's resource types; nothing else in
 * the sandbox imports it.
 */
package io.xaccount.sandbox.bench;
