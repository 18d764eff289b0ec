package io.xaccount.emulator.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.model.PolicyDocuments;
import java.util.ArrayList;
import java.util.List;

/**
 * Every combination the IAM User Guide's same-account table turns on, for the differential test:
 * the principal a resource policy names (the role, the session, the user, the account as root or as
 * a bare ID, everyone, someone else) times the caller (user or session, same account or not) times
 * what the caller's own policies say (an identity-based Allow or none; no boundary, one that
 * allows, one that implicitly denies; the same for a session policy) times the resource (a role's
 * trust policy, which must allow, or a bucket policy, which only adds).
 */
final class ReachMatrix {
  static final int FIRST_ID = 100_000;

  private static final String ALLOW_ALL =
      "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}";
  private static final String ALLOW_OTHER =
      "{\"Effect\":\"Allow\",\"Action\":\"ec2:DescribeInstances\",\"Resource\":\"*\"}";

  private ReachMatrix() {}

  static List<DifferentialCase> cases() {
    String a = DifferentialCases.A;
    String b = DifferentialCases.B;
    List<String> named =
        List.of(
            "arn:aws:iam::%s:role/Dev",
            "arn:aws:sts::%s:assumed-role/Dev/alice",
            "arn:aws:iam::%s:user/alice",
            "arn:aws:iam::%s:root",
            "%s",
            "*",
            "arn:aws:iam::%s:role/Other");
    List<DifferentialCase> out = new ArrayList<>();
    for (String principal : named) {
      for (boolean session : new boolean[] {false, true}) {
        for (String resourceAccount : List.of(a, b)) {
          for (boolean trust : new boolean[] {true, false}) {
            for (String identity : new String[] {ALLOW_ALL, null}) {
              for (String boundary : new String[] {null, ALLOW_ALL, ALLOW_OTHER}) {
                for (String sessionPolicy :
                    session ? new String[] {null, ALLOW_ALL, ALLOW_OTHER} : new String[] {null}) {
                  ObjectNode c = PolicyDocuments.JSON.createObjectNode();
                  c.put("id", FIRST_ID + out.size());
                  c.put(
                      "caller",
                      session
                          ? "arn:aws:sts::" + a + ":assumed-role/Dev/alice"
                          : "arn:aws:iam::" + a + ":user/alice");
                  c.put("callerKind", session ? "session" : "user").put("callerAccount", a);
                  String resource =
                      trust
                          ? "arn:aws:iam::" + resourceAccount + ":role/Target"
                          : "arn:aws:s3:::reports/alice/q1.csv";
                  String action = trust ? "sts:AssumeRole" : "s3:GetObject";
                  c.put("action", action).put("resource", resource);
                  c.put("resourceAccount", resourceAccount);
                  c.putArray("identity");
                  if (identity != null) {
                    c.withArray("identity").add(doc(identity));
                  }
                  c.set("boundary", boundary == null ? null : doc(boundary));
                  c.set("session", sessionPolicy == null ? null : doc(sessionPolicy));
                  String p = principal.contains("%s") ? principal.formatted(a) : principal;
                  c.set("resourcePolicy", resourcePolicy(p, action, trust ? null : resource));
                  c.put("resourcePolicyRequired", trust);
                  c.set(
                      "context",
                      new ContextGenerator(new java.util.Random(out.size()))
                          .context(session, a, DifferentialCases.TARGETS.get(0)));
                  out.add(new DifferentialCase(c));
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  private static ObjectNode resourcePolicy(String principal, String action, String resource) {
    ObjectNode doc = PolicyDocuments.JSON.createObjectNode().put("Version", "2012-10-17");
    ObjectNode st = doc.putArray("Statement").addObject().put("Effect", "Allow");
    if (principal.equals("*")) {
      st.put("Principal", "*");
    } else {
      st.putObject("Principal").put("AWS", principal);
    }
    st.put("Action", action);
    if (resource != null) {
      st.put("Resource", resource);
    }
    return doc;
  }

  private static ObjectNode doc(String statement) {
    return (ObjectNode)
        PolicyDocuments.stored("{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}");
  }
}
