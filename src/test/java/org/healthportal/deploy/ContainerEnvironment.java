package org.healthportal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.healthportal.deploy.RenderedManifests.Rendered;
import org.healthportal.deploy.RenderedManifests.Workload;

/**
 * The service's settings as a container of the manifests receives them: its environment (from envFrom
 * and env, with where each value comes from), the setting each {@code HP_*} variable sets, the value a
 * setting ends up with, and the files that {@code HP_*_FILE} variables name on the container's volumes.
 * The settings are the keys of {@code application.properties}, read on every use so that the checks
 * follow the service.
 */
final class ContainerEnvironment {

  static final String ENV_PREFIX = "HP_";
  static final String FILE_SUFFIX = "_FILE";

  private ContainerEnvironment() {}

  /** Where an environment variable's value comes from. */
  record Source(Kind kind, String value) {
    enum Kind { LITERAL, CONFIG_MAP, SECRET, OTHER }
  }

  /** The environment of a container: envFrom (ConfigMaps and Secrets of this overlay), then env. */
  static Map<String, Source> environment(Rendered r, Workload w, Container c) {
    Map<String, Source> env = new LinkedHashMap<>();
    for (EnvFromSource from : c.getEnvFrom()) {
      String prefix = Objects.requireNonNullElse(from.getPrefix(), "");
      if (from.getConfigMapRef() != null) {
        ConfigMap cm = r.one(ConfigMap.class, from.getConfigMapRef().getName());
        cm.getData().forEach((k, v) -> env.put(prefix + k, new Source(Source.Kind.CONFIG_MAP, v)));
        assertThat(cm.getBinaryData()).as("%s: binaryData of ConfigMap %s used as environment", w, cm.getMetadata().getName()).isEmpty();
      } else if (from.getSecretRef() != null) {
        // Only a Secret of the overlay itself: the keys of one created outside cannot be checked.
        Secret s = r.one(Secret.class, from.getSecretRef().getName());
        Stream.concat(s.getData().keySet().stream(), s.getStringData().keySet().stream())
            .forEach(k -> env.put(prefix + k, new Source(Source.Kind.SECRET, null)));
      }
    }
    Set<String> seen = new HashSet<>();
    for (EnvVar v : c.getEnv()) {
      assertThat(seen.add(v.getName())).as("%s/%s: %s listed twice", w, c.getName(), v.getName()).isTrue();
      if (v.getValueFrom() == null) env.put(v.getName(), new Source(Source.Kind.LITERAL, Objects.requireNonNullElse(v.getValue(), "")));
      else if (v.getValueFrom().getSecretKeyRef() != null) env.put(v.getName(), new Source(Source.Kind.SECRET, null));
      else if (v.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = v.getValueFrom().getConfigMapKeyRef();
        String value = r.one(ConfigMap.class, ref.getName()).getData().get(ref.getKey());
        assertThat(value).as("%s: ConfigMap %s has key %s", w, ref.getName(), ref.getKey()).isNotNull();
        env.put(v.getName(), new Source(Source.Kind.CONFIG_MAP, value));
      } else env.put(v.getName(), new Source(Source.Kind.OTHER, null));
    }
    return env;
  }

  /** The value of a setting as written in the manifests, or else its default; empty if it comes from a file or Secret. */
  static Optional<String> effective(Map<String, Source> env, String key) {
    assertThat(settingKeys()).as("settings of the service").contains(key);
    if (env.containsKey(envName(key) + FILE_SUFFIX)) return Optional.empty();
    Source s = env.get(envName(key));
    if (s != null) return Optional.ofNullable(s.value());
    return Optional.ofNullable(settings().getProperty(key)).map(String::trim);
  }

  static int port(Map<String, Source> env, String key) {
    String v = effective(env, key).orElseThrow(() -> new AssertionError(key + " must be written in the manifests, not read from a file"));
    return Integer.parseInt(v.trim());
  }

  static long seconds(Map<String, Source> env, String key) {
    String v = effective(env, key).orElseThrow(() -> new AssertionError(key + " must be known to check the termination grace period"));
    return Long.parseLong(v.trim());
  }

  /** The variable that sets a setting: HP_ and the key in upper case, with '.' and '-' as '_'. */
  static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Properties settings() {
    Properties p = new Properties();
    Path file = RepositoryRoot.PATH.resolve("src/main/resources/application.properties");
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** The setting keys: the keys of application.properties, read now, so the check follows the service. */
  static Set<String> settingKeys() {
    return settings().stringPropertyNames();
  }

  // Files from volumes

  /** Whether the path is a file of a Secret or ConfigMap mounted into the container. */
  static boolean fileIsMounted(PodSpec pod, Container c, String path) {
    return mountedFile(pod, c, path).isPresent();
  }

  /** Whether the path is a file of a Secret mounted into the container (a secret volume, or a projected one from Secrets only). */
  static boolean secretFile(PodSpec pod, Container c, String path) {
    return mountedFile(pod, c, path).map(f -> f.fromSecret).orElse(false);
  }

  private record MountedFile(boolean fromSecret) {}

  private static Optional<MountedFile> mountedFile(PodSpec pod, Container c, String path) {
    for (VolumeMount m : c.getVolumeMounts()) {
      String dir = m.getMountPath().endsWith("/") ? m.getMountPath() : m.getMountPath() + "/";
      if (!path.startsWith(dir)) continue;
      String rel = path.substring(dir.length());
      if (m.getSubPath() != null && !m.getSubPath().isEmpty()) continue;
      Volume v = volume(pod, m.getName());
      if (v.getSecret() != null) {
        var items = v.getSecret().getItems();
        if (items.isEmpty() || items.stream().anyMatch(i -> i.getPath().equals(rel))) return Optional.of(new MountedFile(true));
      } else if (v.getConfigMap() != null) {
        var items = v.getConfigMap().getItems();
        if (items.isEmpty() || items.stream().anyMatch(i -> i.getPath().equals(rel))) return Optional.of(new MountedFile(false));
      } else if (v.getProjected() != null) {
        for (VolumeProjection s : v.getProjected().getSources()) {
          if (s.getSecret() != null && s.getSecret().getItems().stream().anyMatch(i -> i.getPath().equals(rel))) {
            return Optional.of(new MountedFile(true));
          }
          if (s.getConfigMap() != null && s.getConfigMap().getItems().stream().anyMatch(i -> i.getPath().equals(rel))) {
            return Optional.of(new MountedFile(false));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The pod's volume of that name; a mount without one fails. */
  static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("volume " + name + " is mounted but not defined"));
  }
}
