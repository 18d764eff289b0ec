/**
 * An in-process emulator of AWS IAM and STS (AWS Query protocol over HTTP on one port) for the
 * operator's tests and its sandbox mode. No production class imports this package.
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
 *   <li>AssumeRole evaluates the trust policy (Principal AWS: account root, bare ID, user/role
 *       unique ID, session ARN, "*"; conditions on {@code sts:ExternalId}, {@code
 *       aws:PrincipalArn}, {@code aws:PrincipalAccount}, {@code aws:MultiFactorAuthPresent}) and,
 *       unless disabled, the caller's identity policies, as AWS needs both halves across accounts.
 *   <li>A trust-policy principal naming a user or role ARN must resolve to a live entity in an
 *       emulated account; account roots of any well-formed account ID are accepted.
 *   <li>Documents are stored as compact JSON and returned URL-encoded; IAM's reordering and
 *       array/string folding are not imitated beyond the principal rewrites.
 *   <li>ReadOnlyAccess ships as a clearly marked excerpt of the real (very long) document.
 * </ul>
 */
package io.xaccount.emulator;
