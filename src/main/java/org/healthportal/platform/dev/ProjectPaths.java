package org.healthportal.platform.dev;

import java.nio.file.Path;

/** Where the checkout is: Maven passes {@code project.basedir}; otherwise the working directory. */
public final class ProjectPaths {
  private ProjectPaths() {}

  public static Path root() {
    String basedir = System.getProperty("project.basedir");
    return (basedir != null ? Path.of(basedir) : Path.of("")).toAbsolutePath();
  }
}
