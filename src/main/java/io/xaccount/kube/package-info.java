/**
 * The embedded Kubernetes API: an in-process API server for the sandbox, {@code plan}, {@code
 * bench} and {@code chaos}, built to answer clients (the operator's Fabric8 client, kubectl) as
 * kube-apiserver would, because a different answer here is a wrong answer about IAM access there.
 *
 * <p>What it is: discovery and OpenAPI v3 ({@link io.xaccount.kube.Discovery}, {@link
 * io.xaccount.kube.OpenApi}); an indexed store with cluster-wide resourceVersions ({@link
 * io.xaccount.kube.Store}); one write path for POST, PUT, every patch type and the status
 * subresource ({@link io.xaccount.kube.Writes}, {@link io.xaccount.kube.Patches}) through one
 * admission chain (pruning with field validation, defaulting, schema, CEL rules: {@link
 * io.xaccount.kube.Admission}); namespace lifecycle and finalizers; watches over WebSocket and
 * streamed HTTP, resumable from a resourceVersion, with bookmarks ({@link
 * io.xaccount.kube.WatchHub}); Status bodies worded as the API server's ({@link
 * io.xaccount.kube.Statuses}). The Fabric8 mock web server is only its transport.
 *
 * <p>What it is not: a cluster. No RBAC or authentication (every request is allowed), no admission
 * webhooks, no garbage collector (ownerReferences are kept, not followed), no server-side apply or
 * managed fields, no controllers but the namespace one, and no CRD admission (it serves the CRDs it
 * is started with). docs/sandbox-api.md lists what it does not reproduce.
 *
 * <p>It imports nothing of the operator, the emulator or the sandbox (an ArchUnit rule checks it):
 * it serves whatever CRDs it is given.
 */
package io.xaccount.kube;
