package io.xaccount.sandbox;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command lines' shared grammar: {@code --flag value}, {@code --flag=value}, and flags that
 * take no value; an unknown flag or a missing value is an {@link IllegalArgumentException}.
 */
public final class Flags {
  private Flags() {}

  /**
   * True when the command line after the command asks for help ({@code --help}, {@code -h}):
   * answered with the usage on stdout, before anything starts.
   */
  public static boolean helpAsked(String[] args) {
    for (int i = 1; i < args.length; i++) {
      if ("--help".equals(args[i]) || "-h".equals(args[i])) {
        return true;
      }
    }
    return false;
  }

  /** Each flag given, in order, with its value (null for a flag in {@code noValue}). */
  public static List<Map.Entry<String, String>> parse(
      List<String> args, List<String> known, Set<String> noValue) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (!known.contains(flag)) {
        throw new IllegalArgumentException("unknown option " + arg);
      }
      String value = null;
      if (!noValue.contains(flag)) {
        if (arg.contains("=")) {
          value = arg.substring(arg.indexOf('=') + 1);
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw new IllegalArgumentException(flag + " needs a value");
        }
      }
      out.add(new AbstractMap.SimpleEntry<>(flag, value));
    }
    return out;
  }

  /** {@code value} as a whole number of at least {@code min}, or a message naming the flag. */
  public static int number(String flag, String value, int min) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " needs a whole number of at least " + min);
  }
}
