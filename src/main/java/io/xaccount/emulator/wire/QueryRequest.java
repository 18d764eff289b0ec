package io.xaccount.emulator.wire;

import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.EmulatorState;
import io.xaccount.emulator.model.IamError;
import io.xaccount.emulator.model.Identity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One decoded Query-protocol request: its parameters, its caller and the caller's account. */
public final class QueryRequest {
  final String action;
  final Map<String, String> params;
  public final Identity caller;
  public final AccountState account;
  public final EmulatorState state;

  /** The region the request was signed for, or null. */
  public final String region;

  QueryRequest(
      String action,
      Map<String, String> params,
      Identity caller,
      AccountState account,
      EmulatorState state,
      String region) {
    this.action = action;
    this.params = params;
    this.caller = caller;
    this.account = account;
    this.state = state;
    this.region = region;
  }

  public String get(String name) {
    return params.get(name);
  }

  /** A required member; a missing one fails like IAM's request validation does. */
  public String required(String name) {
    String v = params.get(name);
    if (v == null) {
      throw IamError.validation(
          "1 validation error detected: Value null at '"
              + Character.toLowerCase(name.charAt(0))
              + name.substring(1)
              + "' failed to satisfy constraint: Member must not be null");
    }
    return v;
  }

  public Integer integer(String name) {
    String v = params.get(name);
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v);
    } catch (NumberFormatException e) {
      throw IamError.validation("Invalid value for " + name + ": " + v);
    }
  }

  public boolean bool(String name) {
    return Boolean.parseBoolean(params.get(name));
  }

  /** A list member, sent as {@code Name.member.1}, {@code Name.member.2}, ... */
  public List<String> members(String name) {
    List<String> out = new ArrayList<>();
    for (int i = 1; params.containsKey(name + ".member." + i); i++) {
      out.add(params.get(name + ".member." + i));
    }
    return out;
  }

  /** The {@code Tags} member as an ordered key/value map. */
  public Map<String, String> tags() {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 1; params.containsKey("Tags.member." + i + ".Key"); i++) {
      String value = params.get("Tags.member." + i + ".Value");
      out.put(params.get("Tags.member." + i + ".Key"), value == null ? "" : value);
    }
    return out;
  }
}
