/**
 * The sandbox session ({@code quarkus-run.jar sandbox}): the operator on its production code path
 * against the embedded Kubernetes API ({@link io.xaccount.kube}) and the IAM/STS emulator, with
 * what the commands built on it share (manifests and the applier, the CRDs, the emulated accounts,
 * the operator as a child process, readiness waits and reports, the command-line grammar). The
 * commands live in {@code plan}, {@code bench} and {@code chaos}, which may use this package; it
 * imports none of them. Started only by those commands; nothing here is loaded otherwise.
 */
package io.xaccount.sandbox;
