package io.xaccount.emulator.wire;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A tiny streaming XML writer for Query-protocol responses; escapes every text value. */
public final class Xml {
  private final StringBuilder sb = new StringBuilder();

  public Xml open(String name) {
    sb.append('<').append(name).append('>');
    return this;
  }

  Xml openNs(String name, String namespace) {
    sb.append('<').append(name).append(" xmlns=\"").append(escape(namespace)).append("\">");
    return this;
  }

  public Xml close(String name) {
    sb.append("</").append(name).append('>');
    return this;
  }

  /**
   * Writes {@code <name>value</name>}; a null value writes nothing, as AWS omits absent members.
   */
  public Xml el(String name, Object value) {
    if (value == null) {
      return this;
    }
    String text = value instanceof Instant i ? timestamp(i) : String.valueOf(value);
    return open(name).text(text).close(name);
  }

  Xml text(String value) {
    sb.append(escape(value));
    return this;
  }

  Xml raw(String xml) {
    sb.append(xml);
    return this;
  }

  /** ISO-8601 in UTC with second precision, as IAM renders dates. */
  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\r' -> out.append("&#xD;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
