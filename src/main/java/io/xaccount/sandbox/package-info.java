/**
 * The sandbox: the operator on its production code path against the embedded Kubernetes API ({@link
 * io.xaccount.kube}) and the IAM/STS emulator, and the commands built on them ({@code plan}, {@code
 * bench}, {@code chaos}). Started only by {@code quarkus-run.jar sandbox ...} (or those commands);
 * nothing here is loaded otherwise.
 */
package io.xaccount.sandbox;
