package io.xaccount.operator.api.v1alpha1;

/** Names and patterns shared by the three kinds (see ../shared/IAM-FACTS.md for the limits). */
public final class ApiConstants {
  public static final String GROUP = "xaccount.io";
  public static final String VERSION = "v1alpha1";
  public static final String CATEGORY = "xaccount";

  /** Annotation that lets a resource take over an existing IAM entity without our tags. */
  public static final String ADOPT_ANNOTATION = "xaccount.io/adopt";

  public static final String ACCOUNT_ID_PATTERN = "^[0-9]{12}$";
  public static final String IAM_NAME_PATTERN = "^[\\w+=,.@-]{1,64}$";
  public static final String IAM_PATH_PATTERN = "^/([\\w+=,.@-]+/)*$";
  public static final String ROLE_ARN_PATTERN =
      "^arn:aws(-us-gov|-cn)?:iam::[0-9]{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$";
  public static final String POLICY_ARN_PATTERN =
      "^arn:aws(-us-gov|-cn)?:iam::([0-9]{12}|aws):policy/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}$";
  public static final String SESSION_NAME_PATTERN = "^[\\w+=,.@-]{2,64}$";
  public static final String K8S_NAME_PATTERN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

  private ApiConstants() {}
}
