package org.healthportal.dev;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the checkout is: the folder holding {@code api-spec/}, found upwards from the module folder
 * Maven passes as {@code project.basedir} (or from the working directory).
 */
public final class ProjectPaths {
  private ProjectPaths() {}

  public static Path root() {
    String basedir = System.getProperty("project.basedir");
    Path start = (basedir != null ? Path.of(basedir) : Path.of("")).toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("api-spec"))) return p;
    }
    return start;
  }
}
