package io.xaccount.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request the API refuses: its HTTP code and the {@code Status} body that says why. */
final class ApiError extends RuntimeException {
  private final int code;
  private final transient ObjectNode status;

  ApiError(ObjectNode status) {
    super(status.path("message").asText(), null, false, false);
    this.code = status.path("code").asInt(500);
    this.status = status;
  }

  int code() {
    return code;
  }

  ObjectNode status() {
    return status;
  }
}
