package org.healthportal.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checkout the manifests are checked in: the folder with {@code api-spec/} and {@code infra/k8s/}, found
 * upwards from the module folder Maven passes as {@code project.basedir} (or from the working directory).
 * Both folders are required, so that the checks never run against some other tree's manifests or contracts.
 */
final class RepositoryRoot {

  static final Path PATH = find();

  private RepositoryRoot() {}

  private static Path find() {
    String configured = System.getProperty("project.basedir");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("api-spec")) && Files.isDirectory(p.resolve("infra/k8s"))) return p;
    }
    throw new IllegalStateException("no repository root (a folder with api-spec/ and infra/k8s/) at or above " + start);
  }
}
