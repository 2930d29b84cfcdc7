package org.healthportal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.healthportal.deploy.PodTraffic.selects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.healthportal.deploy.KeycloakOperatorModel.Keycloak;
import org.healthportal.deploy.KeycloakOperatorModel.KeycloakRealmImport;

/**
 * The overlays under {@code infra/k8s/overlays}, as Kubernetes would receive them: each is rendered with
 * {@code kubectl kustomize} (once, then cached for every check), and every object is parsed into its typed
 * model by a mapper as strict as the API server. An unknown kind, a field of the wrong type or a field the
 * model does not know fails; fabric8 keeps unknown fields instead of failing, so {@link #unknownFields}
 * walks the parsed objects for them. Needs {@code kubectl} (with kustomize) on the PATH or at
 * {@code -Dkubectl=...}.
 */
final class RenderedManifests {

  static final Path OVERLAYS = RepositoryRoot.PATH.resolve("infra/k8s/overlays");

  private static final ObjectMapper YAML = new YAMLMapper();
  static final ObjectMapper STRICT = strictMapper();

  /** Resources that fabric8's KubernetesDeserializer does not know by itself. */
  private static final Map<String, Class<? extends HasMetadata>> CUSTOM_KINDS = Map.of(
      "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class,
      "k8s.keycloak.org/v2alpha1/Keycloak", Keycloak.class,
      "k8s.keycloak.org/v2alpha1/KeycloakRealmImport", KeycloakRealmImport.class);

  private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();

  private RenderedManifests() {}

  /** Objects of one overlay, typed. */
  record Rendered(String overlay, List<HasMetadata> objects) {

    <T> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T> T only(Class<T> type) {
      List<T> all = all(type);
      assertThat(all).as("%s: exactly one %s (extend this test for more)", overlay, type.getSimpleName()).hasSize(1);
      return all.get(0);
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
      return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError(overlay + ": no " + type.getSimpleName() + " named " + name));
    }

    List<Workload> workloads() {
      List<Workload> out = new ArrayList<>();
      for (HasMetadata o : objects) {
        if (o instanceof Deployment d) out.add(new Workload(o, d.getSpec().getTemplate()));
        else if (o instanceof StatefulSet s) out.add(new Workload(o, s.getSpec().getTemplate()));
        else if (o instanceof DaemonSet s) out.add(new Workload(o, s.getSpec().getTemplate()));
        else if (o instanceof Job j) out.add(new Workload(o, j.getSpec().getTemplate()));
        else if (o instanceof CronJob j) out.add(new Workload(o, j.getSpec().getJobTemplate().getSpec().getTemplate()));
      }
      return out;
    }

    Workload server() {
      Deployment d = only(Deployment.class);
      return new Workload(d, d.getSpec().getTemplate());
    }

    Workload migration() {
      Job j = only(Job.class);
      return new Workload(j, j.getSpec().getTemplate());
    }

    /** The one Service whose selector picks the workload's pods. */
    Service serviceOf(Workload w) {
      List<Service> services = all(Service.class).stream()
          .filter(s -> selects(s.getSpec().getSelector(), w.template().getMetadata().getLabels())).toList();
      assertThat(services).as("%s: Services selecting %s", overlay, w).hasSize(1);
      return services.get(0);
    }
  }

  /** A pod template and the object that owns it (Deployment, Job, ...), named after the owner in messages. */
  record Workload(HasMetadata owner, PodTemplateSpec template) {
    PodSpec pod() {
      return template.getSpec();
    }

    List<Container> containers() {
      List<Container> all = new ArrayList<>(pod().getInitContainers());
      all.addAll(pod().getContainers());
      return all;
    }

    Container mainContainer() {
      assertThat(pod().getContainers()).as("%s: containers", this).hasSize(1);
      return pod().getContainers().get(0);
    }

    @Override
    public String toString() {
      return owner.getKind() + " " + owner.getMetadata().getName();
    }
  }

  /** The objects of one overlay, rendered and parsed on first use. */
  static Rendered rendered(String overlay) {
    return RENDERED.computeIfAbsent(overlay, RenderedManifests::render);
  }

  private static Rendered render(String overlay) {
    String yaml = kustomize(OVERLAYS.resolve(overlay));
    List<HasMetadata> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || doc.isNull() || doc.isEmpty()) continue;
        objects.add(parse(overlay, doc));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("kustomize output of " + overlay + " is not YAML", e);
    }
    return new Rendered(overlay, List.copyOf(objects));
  }

  /** One object into its typed model; an unknown kind, a field of the wrong type or a field unknown to a strict model fails. */
  private static HasMetadata parse(String overlay, JsonNode doc) {
    String apiVersion = doc.path("apiVersion").asText();
    String kind = doc.path("kind").asText();
    String where = overlay + ": " + kind + " " + doc.path("metadata").path("name").asText() + " (" + apiVersion + ")";
    try {
      Class<? extends HasMetadata> custom = CUSTOM_KINDS.get(apiVersion + "/" + kind);
      KubernetesResource parsed = custom != null ? STRICT.treeToValue(doc, custom) : STRICT.treeToValue(doc, KubernetesResource.class);
      if (parsed instanceof GenericKubernetesResource || !(parsed instanceof HasMetadata typed)) {
        throw new AssertionError(where + ": no typed model for this kind (misspelled kind or apiVersion?)");
      }
      assertThat(typed.getKind()).as(where).isEqualTo(kind);
      assertThat(typed.getApiVersion()).as(where).isEqualTo(apiVersion);
      return typed;
    } catch (IOException e) {
      throw new AssertionError(where + ": does not parse into its typed model: " + e.getMessage(), e);
    }
  }

  private static String kustomize(Path dir) {
    String kubectl = System.getProperty("kubectl", "kubectl");
    ProcessBuilder pb = new ProcessBuilder(kubectl, "kustomize", dir.toString());
    try {
      Process p = pb.start();
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      byte[] out = readAll(p.getInputStream());
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("kubectl kustomize " + dir + " did not finish in 120 s");
      }
      String stderr = new String(err.join(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("kubectl kustomize %s failed:\n%s", dir, stderr).isZero();
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot run '" + kubectl + " kustomize' (install kubectl, or set -Dkubectl=/path/to/kubectl)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Jackson as strict as the API server: unknown properties fail (also where a class says to ignore
   * them, as some Keycloak representations do), and no scalar is coerced into another type.
   */
  private static ObjectMapper strictMapper() {
    JsonMapper mapper = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .annotationIntrospector(new JacksonAnnotationIntrospector() {
          @Override
          public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
            JsonIgnoreProperties.Value v = super.findPropertyIgnoralByName(config, a);
            return v == null ? null : v.withoutIgnoreUnknown();
          }
        })
        .build();
    for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    return mapper;
  }

  /** The fields of an object (at any depth) that its typed model does not know, each with its path. */
  static List<String> unknownFields(HasMetadata o) {
    List<String> unknown = new ArrayList<>();
    collectUnknownFields(o, describe(o), unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
    return unknown;
  }

  /**
   * fabric8 models keep fields they do not know in {@code additionalProperties} instead of failing:
   * walk the whole parsed object and report every non-empty one, with its path.
   */
  private static void collectUnknownFields(Object o, String path, List<String> unknown, Set<Object> seen) {
    if (o == null || o instanceof CharSequence || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
        || o instanceof Character || !seen.add(o)) {
      return;
    }
    if (o instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown, seen));
      return;
    }
    if (o instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) collectUnknownFields(item, path + "[" + i++ + "]", unknown, seen);
      return;
    }
    String pkg = o.getClass().getPackageName();
    if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("org.keycloak.") && !pkg.equals(KeycloakOperatorModel.class.getPackageName())) {
      return;
    }
    for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) continue;
        Object value;
        try {
          f.setAccessible(true);
          value = f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new AssertionError("cannot read " + c.getName() + "." + f.getName(), e);
        }
        if (f.getName().equals("additionalProperties") && value instanceof Map<?, ?> extra) {
          if (!extra.isEmpty()) unknown.add(path + ": " + new TreeSet<>(extra.keySet().stream().map(String::valueOf).toList()));
          continue;
        }
        collectUnknownFields(value, path + "." + f.getName(), unknown, seen);
      }
    }
  }

  /** An object as people name it: kind and name. */
  static String describe(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getName();
  }
}
