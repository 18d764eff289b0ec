package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** How the role shows up in the console's Switch Role menu. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConsoleSettings {
  @JsonPropertyDescription("Display name in the console's role history (at most 64 characters).")
  @Pattern("^.{1,64}$")
  private String displayName;

  @JsonPropertyDescription("Six-digit hex colour of the console badge, e.g. F2B0A9.")
  @Pattern("^[0-9A-Fa-f]{6}$")
  private String color;

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public String getColor() {
    return color;
  }

  public void setColor(String color) {
    this.color = color;
  }
}
