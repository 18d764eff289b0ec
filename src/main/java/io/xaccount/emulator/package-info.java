/**
 * An in-process emulator of AWS IAM and STS (AWS Query protocol over HTTP on one port) for the
 * operator's tests and its sandbox mode. No production class imports this package. What each API
 * implements, how calls are decided and how that is checked against an independent evaluator:
 * {@code docs/emulator.md}.
 *
 * <p>This package holds the entry point, {@code IamEmulator}; the rest lives in rooms that may use
 * only the rooms below them: {@code actions} (what each IAM and STS action does), {@code wire} (the
 * Query protocol), {@code evaluation} (IAM's evaluation logic) and {@code knobs} (faults, call log,
 * reshaping), all on {@code model} (the accounts and their entities). {@code docs/layout.md} draws
 * the arrows; {@code EmulatorRoomsTest} enforces them.
 *
 * <p>Decisions worth knowing:
 *
 * <ul>
 *   <li>Each account's administrator is its root user: {@code IamEmulator.adminKeys(id)} are root
 *       keys ({@code arn:aws:iam::<id>:root}, UserId = account ID); root is never listed by
 *       ListUsers. Users created with {@code AccountState.createAccessKey} call as themselves.
 *   <li>Signatures are not verified; the caller is the access key in the SigV4 {@code
 *       Authorization} header. Unknown keys answer {@code InvalidClientTokenId} (403), expired
 *       session keys {@code ExpiredToken} (400), as AWS does.
 *   <li>Every call is authorized for its caller ({@code Authorizer}) with IAM's evaluation logic
 *       ({@code PolicyEngine}, {@code Conditions}): identity policies of users (and their groups)
 *       and role sessions, permissions boundaries, session policies, and for AssumeRole the role's
 *       trust policy, which across accounts needs the caller's own Allow too. Within one account a
 *       trust naming the session ARN or the user allows on its own; naming the session's role, it
 *       is still limited by the boundary and session policies ({@code PolicyEngine.Reach}). The
 *       root user is not limited by identity policies. {@code GetCallerIdentity} needs no
 *       permission.
 *   <li>AssumeRole with {@code SerialNumber} and {@code TokenCode} is MFA-authenticated when the
 *       serial is the caller's virtual MFA device ({@code AccountState.createVirtualMfaDevice});
 *       any six-digit code is accepted.
 *   <li>A trust-policy principal naming a user or role ARN must resolve to a live entity in an
 *       emulated account; account roots of any well-formed account ID are accepted.
 *   <li>Documents are stored as compact JSON and returned URL-encoded; IAM's reordering and
 *       array/string folding are not imitated beyond the principal rewrites.
 *   <li>Every AWS managed policy exists with AWS's own document and path ({@code
 *       AwsManagedPolicies}, from the checked-in data in {@code META-INF/xaccount/iam-data/}), read
 *       once per JVM and shared by all accounts. Only the default version is served; policy IDs are
 *       derived from the ARN and descriptions are absent, as the data has neither.
 *   <li>A successful AssumeRole records the role's {@code RoleLastUsed} at once: the emulator's
 *       clock and the region the request was signed for, shown by GetRole and
 *       GetAccountAuthorizationDetails (not ListRoles, as in IAM). IAM updates it within hours, and
 *       only keeps the last 400 days. A snapshot's {@code CreateDate} and {@code RoleLastUsed} are
 *       loaded with its roles.
 * </ul>
 */
package io.xaccount.emulator;
