package org.healthportal.platform.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Front-end assets bundled as webjars at build time and served from the jar: nothing is fetched at run time. */
public final class Webjars {

  private Webjars() {}

  /** The classpath folder of a webjar's files ({@code META-INF/resources/webjars/<artifact>/<version>}). */
  public static String path(String group, String artifact) {
    return "META-INF/resources/webjars/" + artifact + "/" + version(group, artifact);
  }

  /** The bundled webjar's version, from the pom.properties every webjar carries. */
  static String version(String group, String artifact) {
    String props = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = Webjars.class.getClassLoader().getResourceAsStream(props)) {
      if (in == null) throw new IllegalStateException("The " + artifact + " webjar is not on the classpath");
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
