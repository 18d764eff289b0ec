/**
 * The offline plan ({@code quarkus-run.jar plan}): loads IAM snapshots, applies the manifests in
 * the sandbox session with every resource in {@code managementPolicy: Plan}, and prints what the
 * operator would do (text, JSON, Markdown), with access diffs and last use. It builds on the
 * session ({@link io.xaccount.sandbox}), the emulator and the operator's pure IAM domain; nothing
 * else in the sandbox imports it.
 */
package io.xaccount.sandbox.plan;
