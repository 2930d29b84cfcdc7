package org.healthportal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.deploy.ContainerEnvironment.ENV_PREFIX;
import static org.healthportal.deploy.ContainerEnvironment.FILE_SUFFIX;
import static org.healthportal.deploy.ContainerEnvironment.effective;
import static org.healthportal.deploy.ContainerEnvironment.envName;
import static org.healthportal.deploy.ContainerEnvironment.environment;
import static org.healthportal.deploy.ContainerEnvironment.fileIsMounted;
import static org.healthportal.deploy.ContainerEnvironment.port;
import static org.healthportal.deploy.ContainerEnvironment.seconds;
import static org.healthportal.deploy.ContainerEnvironment.secretFile;
import static org.healthportal.deploy.ContainerEnvironment.settingKeys;
import static org.healthportal.deploy.ContainerEnvironment.volume;
import static org.healthportal.deploy.PodTraffic.backends;
import static org.healthportal.deploy.PodTraffic.contractPaths;
import static org.healthportal.deploy.PodTraffic.egressPorts;
import static org.healthportal.deploy.PodTraffic.resolvePort;
import static org.healthportal.deploy.PodTraffic.selects;
import static org.healthportal.deploy.PodTraffic.servicePort;
import static org.healthportal.deploy.PodTraffic.targetOf;
import static org.healthportal.deploy.Realms.attributeNames;
import static org.healthportal.deploy.Realms.clientScope;
import static org.healthportal.deploy.Realms.developmentRealm;
import static org.healthportal.deploy.Realms.mappers;
import static org.healthportal.deploy.Realms.roleNames;
import static org.healthportal.deploy.Realms.userProfile;
import static org.healthportal.deploy.RenderedManifests.OVERLAYS;
import static org.healthportal.deploy.RenderedManifests.describe;
import static org.healthportal.deploy.RenderedManifests.rendered;
import static org.healthportal.deploy.RenderedManifests.unknownFields;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.healthportal.deploy.ContainerEnvironment.Source;
import org.healthportal.deploy.KeycloakOperatorModel.Keycloak;
import org.healthportal.deploy.KeycloakOperatorModel.KeycloakRealmImport;
import org.healthportal.deploy.RenderedManifests.Rendered;
import org.healthportal.deploy.RenderedManifests.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
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
 *
 * <p>The checks are here; how the overlays are rendered and parsed is in {@link RenderedManifests}, a
 * container's settings and files in {@link ContainerEnvironment}, selectors, ports and contract paths in
 * {@link PodTraffic}, and the realm comparisons in {@link Realms}.
 */
class KubernetesManifestsTest {

  /** Environment variables, other than settings, that a container may be given. */
  private static final Set<String> OTHER_ALLOWED_ENV = Set.of("JAVA_TOOL_OPTIONS");
  /** Settings that hold secrets: from a Secret only (HP_*_FILE on a Secret volume, or secretKeyRef). */
  private static final Set<String> SECRET_SETTINGS = Set.of("db.password", "db.migration-password", "pii.keys", "pii.hash-key",
      "console.client-secret");
  /** Settings without which a production start is refused. */
  private static final Set<String> REQUIRED_IN_PRODUCTION =
      Set.of("db.url", "redis.url", "auth.realm-url", "pii.keys", "pii.active-key-id", "pii.hash-key");

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
      List<String> unknown = unknownFields(o);
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
  // Helpers of single checks

  private static Integer containerPort(Container c, String name) {
    return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort).findFirst()
        .orElseThrow(() -> new AssertionError("container " + c.getName() + " has no port named " + name));
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
}
