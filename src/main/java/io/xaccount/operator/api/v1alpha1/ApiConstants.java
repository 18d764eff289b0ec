package io.xaccount.operator.api.v1alpha1;

/** Names and patterns shared by the three kinds (see ../shared/IAM-FACTS.md for the limits). */
public final class ApiConstants {
  public static final String GROUP = "xaccount.io";
  public static final String VERSION = "v1alpha1";
  public static final String CATEGORY = "xaccount";

  /** Annotation that lets a resource take over an existing IAM entity without our tags. */
  public static final String ADOPT_ANNOTATION = "xaccount.io/adopt";

  /**
   * Annotation that ends an AssumeRoleGrant now, whatever its window says, while it is {@code
   * "true"}: an emergency stop that needs no change of the manifest GitOps applies.
   */
  public static final String REVOKE_ANNOTATION = "xaccount.io/revoke";

  /** An RFC 3339 time to the second, e.g. 2030-01-31T09:00:00Z or 2030-01-31T10:00:00+01:00. */
  public static final String TIME_PATTERN =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$";

  /** A duration in hours, minutes and seconds, in that order, e.g. 8h, 90m, 1h30m. */
  public static final String DURATION_PATTERN =
      "^([0-9]{1,5}h([0-9]{1,5}m)?([0-9]{1,5}s)?|[0-9]{1,5}m([0-9]{1,5}s)?|[0-9]{1,5}s)$";

  /**
   * A duration in days, hours, minutes and seconds, in that order, e.g. 90d, 36h, 1d12h: how long a
   * role may go unused.
   */
  public static final String LONG_DURATION_PATTERN =
      "^([0-9]{1,4}d([0-9]{1,5}h([0-9]{1,5}m)?([0-9]{1,5}s)?|[0-9]{1,5}m([0-9]{1,5}s)?|[0-9]{1,5}s)?|[0-9]{1,5}h([0-9]{1,5}m)?([0-9]{1,5}s)?|[0-9]{1,5}m([0-9]{1,5}s)?|[0-9]{1,5}s)$";

  public static final String ACCOUNT_ID_PATTERN = "^[0-9]{12}$";
  public static final String IAM_NAME_PATTERN = "^[\\w+=,.@-]{1,64}$";
  public static final String IAM_PATH_PATTERN = "^/([\\w+=,.@-]+/)*$";
  public static final String ROLE_ARN_PATTERN =
      "^arn:aws(-us-gov|-cn)?:iam::[0-9]{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$";
  public static final String POLICY_ARN_PATTERN =
      "^arn:aws(-us-gov|-cn)?:iam::([0-9]{12}|aws):policy/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}$";
  public static final String SESSION_NAME_PATTERN = "^[\\w+=,.@-]{2,64}$";
  public static final String K8S_NAME_PATTERN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

  /** What spec.managementPolicy means, for every kind that has it. */
  public static final String MANAGEMENT_POLICY =
      "Manage (default): create, update and delete the IAM entities. Plan: read IAM and show in"
          + " status.plannedChanges the write calls Manage would make, writing nothing. Observe:"
          + " read IAM and report how it differs from the spec (Drifted), writing nothing. In Plan"
          + " and Observe deleting the resource leaves IAM as it is.";

  /**
   * Said of a security-relevant part of a spec (a role's trust; all of a grant's or an account's
   * spec): its CRD schema keeps unknown keys, and the operator refuses them.
   */
  public static final String STRICT =
      " A key that is not a field in it is kept by the API server and refused by the operator"
          + " (InvalidSpec, nothing written), never ignored.";

  /** The same, said of a field of a spec that is security-relevant as a whole. */
  public static final String STRICT_SPEC =
      " Like every key of this spec, a misspelled one is kept by the API server and refused by the"
          + " operator (InvalidSpec, nothing written), never ignored.";

  private ApiConstants() {}
}
