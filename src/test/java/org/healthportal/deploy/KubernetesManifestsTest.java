package org.healthportal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.healthportal.deploy.KeycloakOperatorModel.Keycloak;
import org.healthportal.deploy.KeycloakOperatorModel.KeycloakRealmImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;

/**
 * The Kubernetes manifests under {@code infra/k8s}, as Kubernetes would receive them: every overlay is
 * rendered with {@code kubectl kustomize}, and every object is parsed into its typed fabric8 model
 * (Keycloak Operator resources into {@link KeycloakOperatorModel}, the realm into Keycloak's own
 * representation). A field that the model does not know fails, and so does a kind it does not know.
 * Then the manifests are checked against the service itself: its settings (the keys of
 * {@code application.properties}), its contracts ({@code api-spec/openapi.yaml} for the public port,
 * {@code api-spec/management.yaml} for the management port), its ports, its shutdown
 * timings and its production rules. Needs {@code kubectl} (with kustomize) on the PATH or at
 * {@code -Dkubectl=...}; needs no database, Redis or Keycloak.
 */
class KubernetesManifestsTest {

  private static final Path ROOT = repositoryRoot();
  private static final Path OVERLAYS = ROOT.resolve("infra/k8s/overlays");

  /** Environment variables, other than settings, that a container may be given. */
  private static final Set<String> OTHER_ALLOWED_ENV = Set.of("JAVA_TOOL_OPTIONS");
  /** Settings that hold secrets: from a Secret only (HP_*_FILE on a Secret volume, or secretKeyRef). */
  private static final Set<String> SECRET_SETTINGS = Set.of("db.password", "db.migration-password", "pii.keys", "pii.hash-key");
  /** Settings without which a production start is refused. */
  private static final Set<String> REQUIRED_IN_PRODUCTION =
      Set.of("db.url", "redis.url", "auth.realm-url", "pii.keys", "pii.active-key-id", "pii.hash-key");

  private static final String ENV_PREFIX = "HP_";
  private static final String FILE_SUFFIX = "_FILE";

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper STRICT = strictMapper();
  private static final ObjectMapper LENIENT = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Resources that fabric8's KubernetesDeserializer does not know by itself. */
  private static final Map<String, Class<? extends HasMetadata>> CUSTOM_KINDS = Map.of(
      "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class,
      "k8s.keycloak.org/v2alpha1/Keycloak", Keycloak.class,
      "k8s.keycloak.org/v2alpha1/KeycloakRealmImport", KeycloakRealmImport.class);

  private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();

  static List<String> overlays() throws IOException {
    try (Stream<Path> dirs = Files.list(OVERLAYS)) {
      List<String> names = dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
          .map(d -> d.getFileName().toString()).sorted().toList();
      assertThat(names).as("overlays under %s", OVERLAYS).isNotEmpty();
      return names;
    }
  }

  @Test
  void theProductionOverlayExists() throws IOException {
    assertThat(overlays()).contains("prod");
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void everyObjectParsesIntoItsTypedModelWithNoUnknownField(String overlay) {
    Rendered r = rendered(overlay);
    assertThat(r.objects()).as("objects rendered by %s", overlay).isNotEmpty();
    for (HasMetadata o : r.objects()) {
      List<String> unknown = new ArrayList<>();
      collectUnknownFields(o, describe(o), unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
      assertThat(unknown).as("%s: fields the typed model does not know (misspelled or misplaced?)", describe(o)).isEmpty();
      assertThat(o.getMetadata()).as("%s: metadata", describe(o)).isNotNull();
      assertThat(o.getMetadata().getName()).as("%s: name", describe(o)).isNotBlank();
    }
    Set<String> namespaces = r.objects().stream().filter(o -> !(o instanceof io.fabric8.kubernetes.api.model.Namespace))
        .map(o -> String.valueOf(o.getMetadata().getNamespace())).collect(Collectors.toSet());
    assertThat(namespaces).as("%s: every object's namespace (one, set by the overlay)", overlay).hasSize(1).doesNotContain("null");
    for (Class<?> kind : List.of(Deployment.class, Service.class, HorizontalPodAutoscaler.class, PodDisruptionBudget.class,
        NetworkPolicy.class, ConfigMap.class, Job.class, ServiceMonitor.class)) {
      assertThat(r.all(kind)).as("%s: objects of kind %s", overlay, kind.getSimpleName()).isNotEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Settings

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void everyEnvironmentVariableIsASettingOfTheService(String overlay) {
    Rendered r = rendered(overlay);
    Set<String> known = new TreeSet<>(OTHER_ALLOWED_ENV);
    for (String key : settingKeys()) {
      known.add(envName(key));
      known.add(envName(key) + FILE_SUFFIX);
    }
    for (Workload w : r.workloads()) {
      for (Container c : w.containers()) {
        Map<String, Source> env = environment(r, w, c);
        assertThat(env.keySet()).as("%s: environment of container %s (HP_ + a key of application.properties, or %s)",
            w, c.getName(), OTHER_ALLOWED_ENV).isSubsetOf(known);
        for (String key : settingKeys()) {
          assertThat(env.containsKey(envName(key)) && env.containsKey(envName(key) + FILE_SUFFIX))
              .as("%s/%s sets %s both directly and by %s", w, c.getName(), key, envName(key) + FILE_SUFFIX).isFalse();
        }
        // Every *_FILE names a file on a volume of this container; on a Secret volume, one of its items.
        env.forEach((name, source) -> {
          if (name.startsWith(ENV_PREFIX) && name.endsWith(FILE_SUFFIX)) {
            assertThat(source.kind()).as("%s/%s: %s is a path, written in the manifest", w, c.getName(), name)
                .isIn(Source.Kind.LITERAL, Source.Kind.CONFIG_MAP);
            assertThat(fileIsMounted(w.pod(), c, source.value()))
                .as("%s/%s: %s=%s lies on no mounted Secret/ConfigMap volume item", w, c.getName(), name, source.value())
                .isTrue();
          }
        });
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void productionSettingsAreComplete_andSecretsComeFromSecrets(String overlay) {
    Rendered r = rendered(overlay);
    for (Workload w : List.of(r.server(), r.migration())) {
      Container c = w.mainContainer();
      Map<String, Source> env = environment(r, w, c);
      assertThat(effective(env, "mode")).as("%s: mode (development is for a laptop, never a cluster)", w).hasValue("production");
      for (String key : REQUIRED_IN_PRODUCTION) {
        assertThat(env.containsKey(envName(key)) || env.containsKey(envName(key) + FILE_SUFFIX))
            .as("%s: %s must be set (%s or %s)", w, key, envName(key), envName(key) + FILE_SUFFIX).isTrue();
      }
      for (String key : SECRET_SETTINGS) {
        Source direct = env.get(envName(key));
        if (direct != null) {
          assertThat(direct.kind()).as("%s: %s must come from a Secret", w, envName(key)).isEqualTo(Source.Kind.SECRET);
        }
        Source file = env.get(envName(key) + FILE_SUFFIX);
        if (file != null) {
          assertThat(secretFile(w.pod(), c, file.value())).as("%s: %s must name a file from a Secret", w, file.value()).isTrue();
        }
      }
      assertThat(env.containsKey(envName("db.password")) || env.containsKey(envName("db.password") + FILE_SUFFIX))
          .as("%s: db.password must be set from a Secret", w).isTrue();
      for (String key : List.of("pii.keys", "pii.hash-key")) {
        assertThat(env.containsKey(envName(key) + FILE_SUFFIX) || env.containsKey(envName(key)))
            .as("%s: %s from a Secret", w, key).isTrue();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Ports, probes, metrics

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void probesUseContractPathsOnThePublicPort(String overlay) {
    Rendered r = rendered(overlay);
    Workload server = r.server();
    Container c = server.mainContainer();
    Map<String, Source> env = environment(r, server, c);
    int httpPort = port(env, "http.port");
    int managementPort = port(env, "management.port");
    assertThat(httpPort).as("http.port and management.port differ").isNotEqualTo(managementPort);

    assertThat(containerPort(c, "http")).as("%s: container port 'http' = http.port", server).isEqualTo(httpPort);
    assertThat(containerPort(c, "management")).as("%s: container port 'management' = management.port", server)
        .isEqualTo(managementPort);

    Set<String> contract = contractPaths("openapi.yaml");
    Probe startup = c.getStartupProbe();
    Probe readiness = c.getReadinessProbe();
    Probe liveness = c.getLivenessProbe();
    assertThat(startup).as("%s: startupProbe", server).isNotNull();
    assertThat(readiness).as("%s: readinessProbe", server).isNotNull();
    assertThat(liveness).as("%s: livenessProbe", server).isNotNull();
    assertThat(readiness.getHttpGet().getPath()).as("readiness path").isEqualTo("/health/ready");
    assertThat(liveness.getHttpGet().getPath()).as("liveness path").isEqualTo("/health/live");
    for (Probe p : List.of(startup, readiness, liveness)) {
      HTTPGetAction get = p.getHttpGet();
      assertThat(get).as("%s: probes are HTTP GETs", server).isNotNull();
      assertThat(contract).as("paths of the public contract api-spec/openapi.yaml").contains(get.getPath());
      assertThat(resolvePort(c, get.getPort())).as("%s: probe %s goes to the public port", server, get.getPath()).isEqualTo(httpPort);
      assertThat(get.getScheme() == null || get.getScheme().equals("HTTP")).as("probe scheme HTTP").isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void serviceIngressAndServiceMonitorReachTheRightPorts(String overlay) {
    Rendered r = rendered(overlay);
    Workload server = r.server();
    Container c = server.mainContainer();
    Map<String, Source> env = environment(r, server, c);
    int httpPort = port(env, "http.port");
    int managementPort = port(env, "management.port");

    Service service = r.serviceOf(server);
    assertThat(targetOf(service, "http", c)).as("%s: Service port 'http' reaches http.port", service.getMetadata().getName())
        .isEqualTo(httpPort);
    assertThat(targetOf(service, "management", c)).as("Service port 'management' reaches management.port")
        .isEqualTo(managementPort);

    for (Ingress ingress : r.all(Ingress.class)) {
      for (IngressBackend backend : backends(ingress)) {
        Service target = r.one(Service.class, backend.getService().getName());
        ServicePort sp = servicePort(target, backend.getService().getPort().getName(), backend.getService().getPort().getNumber());
        assertThat(resolvePort(c, sp.getTargetPort())).as("Ingress %s reaches the public port only", ingress.getMetadata().getName())
            .isEqualTo(httpPort);
      }
    }

    Set<String> managementContract = contractPaths("management.yaml");
    List<ServiceMonitor> monitors = r.all(ServiceMonitor.class);
    for (ServiceMonitor sm : monitors) {
      assertThat(selects(sm.getSpec().getSelector(), service.getMetadata().getLabels()))
          .as("ServiceMonitor %s selects Service %s", sm.getMetadata().getName(), service.getMetadata().getName()).isTrue();
      assertThat(sm.getSpec().getNamespaceSelector() == null || Boolean.TRUE.equals(sm.getSpec().getNamespaceSelector().getAny())
          || sm.getSpec().getNamespaceSelector().getMatchNames().contains(service.getMetadata().getNamespace()))
          .as("ServiceMonitor %s looks in the Service's namespace", sm.getMetadata().getName()).isTrue();
      assertThat(sm.getSpec().getEndpoints()).as("ServiceMonitor endpoints").isNotEmpty();
      for (Endpoint e : sm.getSpec().getEndpoints()) {
        assertThat(e.getPort()).as("ServiceMonitor endpoint names a Service port").isNotNull();
        assertThat(targetOf(service, e.getPort(), c)).as("ServiceMonitor port %s is the management port", e.getPort())
            .isEqualTo(managementPort);
        assertThat(e.getPath()).as("ServiceMonitor path").isEqualTo("/metrics");
        assertThat(managementContract).as("paths of the management port's contract api-spec/management.yaml")
            .contains(e.getPath());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Selectors

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void selectorsSelectTheServerPodsAndNotTheMigrationPods(String overlay) {
    Rendered r = rendered(overlay);
    Deployment d = r.only(Deployment.class);
    Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
    Map<String, String> migrationLabels = r.migration().template().getMetadata().getLabels();
    String name = d.getMetadata().getName();

    assertThat(d.getSpec().getSelector().getMatchLabels()).as("Deployment selector is not empty").isNotEmpty();
    assertThat(selects(d.getSpec().getSelector(), podLabels)).as("Deployment %s selects its own pod template", name).isTrue();
    assertThat(selects(d.getSpec().getSelector(), migrationLabels)).as("Deployment selector leaves the migration pods").isFalse();

    Service service = r.serviceOf(r.server());
    assertThat(selects(service.getSpec().getSelector(), migrationLabels)).as("Service leaves the migration pods").isFalse();

    List<PodDisruptionBudget> pdbs = r.all(PodDisruptionBudget.class);
    for (PodDisruptionBudget pdb : pdbs) {
      assertThat(selects(pdb.getSpec().getSelector(), podLabels)).as("PDB %s selects the server pods", pdb.getMetadata().getName()).isTrue();
      assertThat(selects(pdb.getSpec().getSelector(), migrationLabels)).as("PDB leaves the migration pods").isFalse();
    }

    for (HorizontalPodAutoscaler hpa : r.all(HorizontalPodAutoscaler.class)) {
      var ref = hpa.getSpec().getScaleTargetRef();
      assertThat(ref.getKind() + " " + ref.getApiVersion() + " " + ref.getName()).as("HPA scaleTargetRef")
          .isEqualTo("Deployment apps/v1 " + name);
      assertThat(hpa.getSpec().getMinReplicas()).as("HPA minReplicas").isNotNull().isPositive();
      assertThat(hpa.getSpec().getMaxReplicas()).as("HPA maxReplicas").isGreaterThanOrEqualTo(hpa.getSpec().getMinReplicas());
      assertThat(hpa.getSpec().getMetrics()).as("HPA scales on CPU")
          .anyMatch(m -> m.getResource() != null && "cpu".equals(m.getResource().getName()));
    }
    assertThat(d.getSpec().getReplicas()).as("no Deployment replicas when an HPA owns the count").isNull();

    List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
    assertThat(policies).as("a NetworkPolicy selects the server pods")
        .anyMatch(np -> selects(np.getSpec().getPodSelector(), podLabels));
    for (NetworkPolicy np : policies) {
      assertThat(r.workloads()).as("NetworkPolicy %s selects some pods of these manifests", np.getMetadata().getName())
          .anyMatch(w -> selects(np.getSpec().getPodSelector(), w.template().getMetadata().getLabels()));
    }

    for (var t : d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()) {
      assertThat(selects(t.getLabelSelector(), podLabels)).as("topologySpreadConstraint selects the server pods").isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void networkPolicyPortsExistAndTheNeededEgressIsOpen(String overlay) {
    Rendered r = rendered(overlay);
    for (NetworkPolicy np : r.all(NetworkPolicy.class)) {
      List<Workload> selected = r.workloads().stream()
          .filter(w -> selects(np.getSpec().getPodSelector(), w.template().getMetadata().getLabels())).toList();
      for (NetworkPolicyIngressRule rule : np.getSpec().getIngress()) {
        for (NetworkPolicyPort p : rule.getPorts()) {
          for (Workload w : selected) {
            assertThat(resolvePort(w.mainContainer(), p.getPort()))
                .as("NetworkPolicy %s ingress port %s is a port of %s", np.getMetadata().getName(), p.getPort(), w).isNotNull();
          }
        }
      }
    }
    NetworkPolicy serverPolicy = r.all(NetworkPolicy.class).stream()
        .filter(np -> selects(np.getSpec().getPodSelector(), r.server().template().getMetadata().getLabels())).findFirst().orElseThrow();
    assertThat(serverPolicy.getSpec().getPolicyTypes()).as("server NetworkPolicy types").contains("Ingress", "Egress");
    Set<Integer> egress = egressPorts(serverPolicy);
    assertThat(egress).as("server egress: DNS, PostgreSQL, Redis, Keycloak/HTTPS").contains(53, 5432, 6379, 443);
    int management = port(environment(r, r.server(), r.server().mainContainer()), "management.port");
    for (NetworkPolicyIngressRule rule : serverPolicy.getSpec().getIngress()) {
      boolean management_ = rule.getPorts().isEmpty() || rule.getPorts().stream()
          .anyMatch(p -> Objects.equals(resolvePort(r.server().mainContainer(), p.getPort()), management));
      if (management_) {
        assertThat(rule.getFrom()).as("the management port is open only to named peers (the monitoring namespace)").isNotEmpty();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Pod hardening, resources, shutdown

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void everyContainerIsHardenedAndSized(String overlay) {
    Rendered r = rendered(overlay);
    for (Workload w : r.workloads()) {
      PodSpec pod = w.pod();
      PodSecurityContext podSc = Optional.ofNullable(pod.getSecurityContext()).orElse(new PodSecurityContext());
      assertThat(pod.getAutomountServiceAccountToken()).as("%s: automountServiceAccountToken", w).isFalse();
      for (Container c : w.containers()) {
        String what = w + "/" + c.getName();
        SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElse(new SecurityContext());
        assertThat(firstNonNull(sc.getRunAsNonRoot(), podSc.getRunAsNonRoot())).as("%s: runAsNonRoot", what).isTrue();
        assertThat(firstNonNull(sc.getRunAsUser(), podSc.getRunAsUser())).as("%s: runAsUser (numeric, not root)", what)
            .isNotNull().isPositive();
        assertThat(sc.getReadOnlyRootFilesystem()).as("%s: readOnlyRootFilesystem", what).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).as("%s: allowPrivilegeEscalation", what).isFalse();
        assertThat(sc.getPrivileged()).as("%s: privileged", what).isNotEqualTo(Boolean.TRUE);
        assertThat(sc.getCapabilities() == null ? List.of() : sc.getCapabilities().getDrop()).as("%s: capabilities dropped", what)
            .contains("ALL");
        assertThat(sc.getCapabilities() == null ? List.of() : sc.getCapabilities().getAdd()).as("%s: capabilities added", what)
            .isEmpty();
        var seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile() : podSc.getSeccompProfile();
        assertThat(seccomp == null ? null : seccomp.getType()).as("%s: seccompProfile", what).isEqualTo("RuntimeDefault");
        assertThat(c.getResources()).as("%s: resources", what).isNotNull();
        for (String resource : List.of("cpu", "memory")) {
          assertThat(quantity(c.getResources().getRequests(), resource)).as("%s: requests.%s", what, resource).isNotNull();
          assertThat(quantity(c.getResources().getLimits(), resource)).as("%s: limits.%s", what, resource).isNotNull();
        }
        assertThat(Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")))
            .as("%s: memory limit >= request", what)
            .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(c.getResources().getRequests().get("memory")));
        // The root filesystem is read-only: /tmp (java.io.tmpdir, the Vert.x file cache) is an emptyDir.
        VolumeMount tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElse(null);
        assertThat(tmp).as("%s: /tmp mounted", what).isNotNull();
        assertThat(volume(pod, tmp.getName()).getEmptyDir()).as("%s: /tmp is an emptyDir", what).isNotNull();
        assertThat(c.getImage()).as("%s: image pinned to a tag or digest", what).matches(".+(:[^/:]+|@sha256:[0-9a-f]{64})$")
            .doesNotEndWith(":latest");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void terminationGraceCoversPreStopPauseGraceAndDrain(String overlay) {
    Rendered r = rendered(overlay);
    Workload server = r.server();
    Container c = server.mainContainer();
    Map<String, Source> env = environment(r, server, c);
    long grace = seconds(env, "shutdown.grace-seconds");
    long drain = seconds(env, "shutdown.drain-seconds");
    LifecycleHandler preStop = c.getLifecycle() == null ? null : c.getLifecycle().getPreStop();
    assertThat(preStop).as("%s: preStop pause, so that endpoints are removed before SIGTERM", server).isNotNull();
    long pause = preStopSeconds(preStop);
    Long termination = server.pod().getTerminationGracePeriodSeconds();
    assertThat(termination).as("%s: terminationGracePeriodSeconds", server).isNotNull();
    assertThat(termination).as("terminationGracePeriodSeconds > preStop %ss + shutdown.grace-seconds %ss + shutdown.drain-seconds %ss",
        pause, grace, drain).isGreaterThan(pause + grace + drain);
  }

  // ---------------------------------------------------------------------------------------------
  // Migration Job

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void theMigrationJobRunsMigrateWithTheServersImageAsTheMigrationUser(String overlay) {
    Rendered r = rendered(overlay);
    Workload job = r.migration();
    Container c = job.mainContainer();
    assertThat(c.getArgs()).as("%s: args", job).containsExactly("migrate");
    assertThat(c.getCommand()).as("%s: command (the image's ENTRYPOINT runs the jar)", job).isEmpty();
    assertThat(c.getImage()).as("%s: the server's image", job).isEqualTo(r.server().mainContainer().getImage());
    assertThat(job.pod().getRestartPolicy()).as("%s: restartPolicy", job).isIn("Never", "OnFailure");
    Job j = (Job) job.owner();
    assertThat(j.getSpec().getBackoffLimit()).as("%s: backoffLimit", job).isNotNull();
    assertThat(j.getSpec().getActiveDeadlineSeconds()).as("%s: activeDeadlineSeconds", job).isNotNull();

    Map<String, Source> env = environment(r, job, c);
    for (String key : List.of("db.migration-user", "db.migration-password")) {
      Source file = env.get(envName(key) + FILE_SUFFIX);
      Source direct = env.get(envName(key));
      assertThat(file != null ? secretFile(job.pod(), c, file.value()) : direct != null && direct.kind() == Source.Kind.SECRET)
          .as("%s: %s from a Secret", job, key).isTrue();
    }
    Map<String, Source> serverEnv = environment(r, r.server(), r.server().mainContainer());
    if (settingKeys().contains("db.migrate-on-start")) {
      assertThat(effective(serverEnv, "db.migrate-on-start")).as("the server leaves migrations to the Job").hasValue("false");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Keycloak realm and issuer

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void theRealmUrlIsHttpsAndNamesTheRealm(String overlay) {
    Rendered r = rendered(overlay);
    String realmUrl = effective(environment(r, r.server(), r.server().mainContainer()), "auth.realm-url")
        .orElseThrow(() -> new AssertionError(overlay + ": auth.realm-url must be written in the manifests (ConfigMap)"));
    URI uri = URI.create(realmUrl);
    assertThat(uri.getScheme()).as("%s: auth.realm-url scheme", overlay).isEqualTo("https");
    List<KeycloakRealmImport> imports = r.all(KeycloakRealmImport.class);
    String realmName = imports.isEmpty() ? developmentRealm().getRealm() : imports.get(0).spec.realm.getRealm();
    assertThat(uri.getPath()).as("%s: auth.realm-url path", overlay).isEqualTo("/realms/" + realmName);
    if (overlay.equals("prod")) {
      assertThat(imports).as("prod imports its realm").hasSize(1);
    }
    for (KeycloakRealmImport imp : imports) {
      Keycloak kc = r.one(Keycloak.class, imp.spec.keycloakCRName);
      assertThat(kc.getMetadata().getNamespace()).as("the Keycloak of the realm import is in its namespace")
          .isEqualTo(imp.getMetadata().getNamespace());
      String hostname = kc.spec.hostname == null ? null : kc.spec.hostname.hostname;
      assertThat(hostname).as("Keycloak %s: spec.hostname.hostname (it decides the issuer)", kc.getMetadata().getName()).isNotBlank();
      String host = hostname.contains("://") ? URI.create(hostname).getHost() : hostname.replaceAll("[:/].*$", "");
      assertThat(uri.getHost()).as("auth.realm-url host = Keycloak hostname").isEqualTo(host);
      assertThat(uri.getPort()).as("auth.realm-url has no port of its own").isEqualTo(-1);
      assertThat(imp.spec.realm.getRealm()).as("realm name = auth.realm-url's").isEqualTo(realmName);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void anImportedRealmIsSafeForProduction_andMatchesWhatTheServiceExpects(String overlay) {
    Rendered r = rendered(overlay);
    Map<String, Source> env = environment(r, r.server(), r.server().mainContainer());
    RealmRepresentation dev = developmentRealm();
    for (KeycloakRealmImport imp : r.all(KeycloakRealmImport.class)) {
      RealmRepresentation realm = imp.spec.realm;
      String what = "realm " + realm.getRealm() + " of " + imp.getMetadata().getName();
      assertThat(realm.getUsers()).as("%s: users", what).isNullOrEmpty();
      assertThat(realm.getFederatedUsers()).as("%s: federated users", what).isNullOrEmpty();
      assertThat(realm.getSslRequired()).as("%s: sslRequired", what).isIn("all", "external");
      assertThat(realm.isEnabled()).as("%s: enabled", what).isTrue();
      List<ClientRepresentation> clients = Optional.ofNullable(realm.getClients()).orElse(List.of());
      for (ClientRepresentation client : clients) {
        String cw = what + ", client " + client.getClientId();
        assertThat(client.isDirectAccessGrantsEnabled()).as("%s: directAccessGrantsEnabled (password grant)", cw).isNotEqualTo(Boolean.TRUE);
        assertThat(client.isImplicitFlowEnabled()).as("%s: implicitFlowEnabled", cw).isNotEqualTo(Boolean.TRUE);
        assertThat(client.getSecret()).as("%s: no client secret in git", cw).isNull();
        for (String uri : Optional.ofNullable(client.getRedirectUris()).orElse(List.of())) {
          assertThat(uri).as("%s: redirect URI", cw).doesNotContain("localhost").doesNotContain("127.0.0.1")
              .doesNotStartWith("http:").isNotEqualTo("*");
        }
        if (Boolean.TRUE.equals(client.isPublicClient()) && Boolean.TRUE.equals(client.isStandardFlowEnabled())) {
          assertThat(client.getAttributes()).as("%s: PKCE", cw).containsEntry("pkce.code.challenge.method", "S256");
        }
      }
      Set<String> clientIds = clients.stream().map(ClientRepresentation::getClientId).collect(Collectors.toSet());
      assertThat(clientIds).as("%s: clients", what).contains("portal-mobile");
      String allowed = effective(env, "auth.allowed-clients").orElse("");
      assertThat(clientIds).as("%s: every client of auth.allowed-clients exists", what)
          .containsAll(Stream.of(allowed.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());

      assertThat(roleNames(realm)).as("%s: realm roles (as in the development realm)", what).isEqualTo(roleNames(dev));

      String audience = effective(env, "auth.audience").orElseThrow();
      assertThat(clientIds).as("%s: the audience client %s exists", what, audience).contains(audience);
      ClientScopeRepresentation scope = clientScope(realm, "portal-api-access");
      ClientScopeRepresentation devScope = clientScope(dev, "portal-api-access");
      assertThat(mappers(scope)).as("%s: mappers of portal-api-access (as in the development realm)", what)
          .isEqualTo(mappers(devScope));
      assertThat(scope.getProtocolMappers()).as("%s: audience mapper adds auth.audience", what)
          .anyMatch(m -> m.getProtocolMapper().equals("oidc-audience-mapper")
              && audience.equals(m.getConfig().get("included.client.audience")));
      for (ClientRepresentation client : clients) {
        if (Boolean.TRUE.equals(client.isStandardFlowEnabled()) || Boolean.TRUE.equals(client.isServiceAccountsEnabled())) {
          assertThat(client.getDefaultClientScopes()).as("%s: client %s gets portal-api-access", what, client.getClientId())
              .contains("portal-api-access");
        }
      }

      UPConfig profile = userProfile(realm);
      UPConfig devProfile = userProfile(dev);
      assertThat(attributeNames(profile)).as("%s: user profile attributes (as in the development realm)", what)
          .isEqualTo(attributeNames(devProfile));
      for (String name : List.of("facility_ids", "site_ids")) {
        UPAttribute a = profile.getAttribute(name);
        assertThat(a.isMultivalued()).as("%s: %s multivalued", what, name).isTrue();
        assertThat(a.getPermissions().getEdit()).as("%s: only admins edit %s", what, name).containsExactly("admin");
      }
    }
  }

  // =============================================================================================
  // Rendering and parsing

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

  private static Rendered rendered(String overlay) {
    return RENDERED.computeIfAbsent(overlay, KubernetesManifestsTest::render);
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
    if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("org.keycloak.") && !pkg.equals(KubernetesManifestsTest.class.getPackageName())) {
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

  private static String describe(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getName();
  }

  // =============================================================================================
  // The service's settings, as a container's environment makes them

  /** Where an environment variable's value comes from. */
  record Source(Kind kind, String value) {
    enum Kind { LITERAL, CONFIG_MAP, SECRET, OTHER }
  }

  /** The environment of a container: envFrom (ConfigMaps and Secrets of this overlay), then env. */
  private static Map<String, Source> environment(Rendered r, Workload w, Container c) {
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
    Set<String> seen = new java.util.HashSet<>();
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
  private static Optional<String> effective(Map<String, Source> env, String key) {
    assertThat(settingKeys()).as("settings of the service").contains(key);
    if (env.containsKey(envName(key) + FILE_SUFFIX)) return Optional.empty();
    Source s = env.get(envName(key));
    if (s != null) return Optional.ofNullable(s.value());
    return Optional.ofNullable(settings().getProperty(key)).map(String::trim);
  }

  private static int port(Map<String, Source> env, String key) {
    String v = effective(env, key).orElseThrow(() -> new AssertionError(key + " must be written in the manifests, not read from a file"));
    return Integer.parseInt(v.trim());
  }

  private static long seconds(Map<String, Source> env, String key) {
    String v = effective(env, key).orElseThrow(() -> new AssertionError(key + " must be known to check the termination grace period"));
    return Long.parseLong(v.trim());
  }

  private static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Properties settings() {
    Properties p = new Properties();
    Path file = ROOT.resolve("src/main/resources/application.properties");
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** The setting keys: the keys of application.properties, read now, so the check follows the service. */
  private static Set<String> settingKeys() {
    return settings().stringPropertyNames();
  }

  // =============================================================================================
  // Files from volumes

  private static boolean fileIsMounted(PodSpec pod, Container c, String path) {
    return mountedFile(pod, c, path).isPresent();
  }

  /** Whether the path is a file of a Secret mounted into the container (a secret volume, or a projected one from Secrets only). */
  private static boolean secretFile(PodSpec pod, Container c, String path) {
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

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("volume " + name + " is mounted but not defined"));
  }

  // =============================================================================================
  // Ports, selectors

  private static Integer containerPort(Container c, String name) {
    return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort).findFirst()
        .orElseThrow(() -> new AssertionError("container " + c.getName() + " has no port named " + name));
  }

  /** A port given by number or by name, as the container's port number; null if the name is not one of its ports. */
  private static Integer resolvePort(Container c, IntOrString port) {
    if (port == null) return null;
    if (port.getIntVal() != null) return port.getIntVal();
    return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort)
        .findFirst().orElse(null);
  }

  private static ServicePort servicePort(Service s, String name, Integer number) {
    return s.getSpec().getPorts().stream()
        .filter(p -> name != null ? name.equals(p.getName()) : Objects.equals(number, p.getPort())).findFirst()
        .orElseThrow(() -> new AssertionError("Service " + s.getMetadata().getName() + " has no port " + (name != null ? name : number)));
  }

  private static Integer targetOf(Service s, String portName, Container c) {
    ServicePort p = servicePort(s, portName, null);
    IntOrString target = p.getTargetPort() != null ? p.getTargetPort() : new IntOrString(p.getPort());
    return resolvePort(c, target);
  }

  private static List<IngressBackend> backends(Ingress ingress) {
    List<IngressBackend> out = new ArrayList<>();
    if (ingress.getSpec().getDefaultBackend() != null) out.add(ingress.getSpec().getDefaultBackend());
    for (IngressRule rule : ingress.getSpec().getRules()) {
      if (rule.getHttp() != null) rule.getHttp().getPaths().forEach(p -> out.add(p.getBackend()));
    }
    return out;
  }

  private static Set<Integer> egressPorts(NetworkPolicy np) {
    Set<Integer> ports = new TreeSet<>();
    for (NetworkPolicyEgressRule rule : np.getSpec().getEgress()) {
      for (NetworkPolicyPort p : rule.getPorts()) {
        if (p.getPort() != null && p.getPort().getIntVal() != null) ports.add(p.getPort().getIntVal());
      }
    }
    return ports;
  }

  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) return false;
    for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) return false;
    }
    for (LabelSelectorRequirement req : selector.getMatchExpressions()) {
      String v = labels.get(req.getKey());
      boolean ok = switch (req.getOperator()) {
        case "In" -> v != null && req.getValues().contains(v);
        case "NotIn" -> v == null || !req.getValues().contains(v);
        case "Exists" -> v != null;
        case "DoesNotExist" -> v == null;
        default -> throw new AssertionError("unknown selector operator " + req.getOperator());
      };
      if (!ok) return false;
    }
    return true;
  }

  /** A Service's selector: empty selects nothing here (it would mean "no selector", endpoints managed by hand). */
  static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return selector != null && !selector.isEmpty()
        && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  private static Quantity quantity(Map<String, Quantity> map, String name) {
    return map == null ? null : map.get(name);
  }

  /** The pause of a preStop hook: the sleep action, or an exec of sleep N (optionally through sh -c). */
  private static long preStopSeconds(LifecycleHandler preStop) {
    if (preStop.getSleep() != null) return preStop.getSleep().getSeconds();
    if (preStop.getExec() != null) {
      String command = String.join(" ", preStop.getExec().getCommand());
      var m = java.util.regex.Pattern.compile("(?:^|[\\s;&])sleep\\s+(\\d+)").matcher(command);
      if (m.find()) return Long.parseLong(m.group(1));
    }
    throw new AssertionError("preStop is neither a sleep action nor an exec of sleep: " + preStop);
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T v : values) if (v != null) return v;
    return null;
  }

  // =============================================================================================
  // Contract and realms

  /** The paths of a contract in api-spec/: openapi.yaml (the public port), management.yaml (the management port). */
  private static Set<String> contractPaths(String file) {
    try {
      JsonNode paths = YAML.readTree(ROOT.resolve("api-spec").resolve(file).toFile()).path("paths");
      Set<String> out = new TreeSet<>();
      paths.fieldNames().forEachRemaining(out::add);
      assertThat(out).as("paths of api-spec/%s", file).isNotEmpty();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The development realm (infra/keycloak): the reference for roles, scopes and the user profile. */
  private static RealmRepresentation developmentRealm() {
    try {
      return LENIENT.readValue(ROOT.resolve("infra/keycloak/health-portal-realm.json").toFile(), RealmRepresentation.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> roleNames(RealmRepresentation realm) {
    return realm.getRoles().getRealm().stream().map(RoleRepresentation::getName).collect(Collectors.toCollection(TreeSet::new));
  }

  private static ClientScopeRepresentation clientScope(RealmRepresentation realm, String name) {
    return Optional.ofNullable(realm.getClientScopes()).orElse(List.of()).stream().filter(s -> name.equals(s.getName()))
        .findFirst().orElseThrow(() -> new AssertionError("realm " + realm.getRealm() + " has no client scope " + name));
  }

  private static Map<String, String> mappers(ClientScopeRepresentation scope) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (ProtocolMapperRepresentation m : scope.getProtocolMappers()) out.put(m.getName(), m.getProtocolMapper() + " " + new java.util.TreeMap<>(m.getConfig()));
    return out;
  }

  /** The declarative user profile, parsed strictly into Keycloak's own model. */
  private static UPConfig userProfile(RealmRepresentation realm) {
    List<ComponentExportRepresentation> providers = realm.getComponents() == null ? null
        : realm.getComponents().get("org.keycloak.userprofile.UserProfileProvider");
    assertThat(providers).as("realm %s: a user profile", realm.getRealm()).isNotNull().hasSize(1);
    List<String> config = providers.get(0).getConfig().get("kc.user.profile.config");
    assertThat(config).as("realm %s: kc.user.profile.config", realm.getRealm()).hasSize(1);
    try {
      return STRICT.readValue(config.get(0), UPConfig.class);
    } catch (IOException e) {
      throw new AssertionError("realm " + realm.getRealm() + ": the user profile is not valid: " + e.getMessage(), e);
    }
  }

  private static List<String> attributeNames(UPConfig profile) {
    return profile.getAttributes().stream().map(UPAttribute::getName).toList();
  }

  private static Path repositoryRoot() {
    String configured = System.getProperty("project.basedir");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("api-spec")) && Files.isDirectory(p.resolve("infra/k8s"))) return p;
    }
    throw new IllegalStateException("no repository root (a folder with api-spec/ and infra/k8s/) at or above " + start);
  }
}
