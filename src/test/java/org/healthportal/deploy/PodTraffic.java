package org.healthportal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How traffic finds the pods in the manifests, resolved the way Kubernetes resolves it: which pods a
 * selector picks, which container port a Service port, an Ingress backend or a probe reaches (ports by
 * number or by name), which ports a NetworkPolicy lets out, and which paths the service's contracts in
 * {@code api-spec/} offer for probes and scrapes to call.
 */
final class PodTraffic {

  private static final ObjectMapper YAML = new YAMLMapper();

  private PodTraffic() {}

  /** A port given by number or by name, as the container's port number; null if the name is not one of its ports. */
  static Integer resolvePort(Container c, IntOrString port) {
    if (port == null) return null;
    if (port.getIntVal() != null) return port.getIntVal();
    return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort)
        .findFirst().orElse(null);
  }

  /** A Service's port, by name or else by number; a missing one fails. */
  static ServicePort servicePort(Service s, String name, Integer number) {
    return s.getSpec().getPorts().stream()
        .filter(p -> name != null ? name.equals(p.getName()) : Objects.equals(number, p.getPort())).findFirst()
        .orElseThrow(() -> new AssertionError("Service " + s.getMetadata().getName() + " has no port " + (name != null ? name : number)));
  }

  /** The container port that a Service's named port reaches (its targetPort, or else its own number). */
  static Integer targetOf(Service s, String portName, Container c) {
    ServicePort p = servicePort(s, portName, null);
    IntOrString target = p.getTargetPort() != null ? p.getTargetPort() : new IntOrString(p.getPort());
    return resolvePort(c, target);
  }

  /** Every backend of an Ingress: the default one and those of its HTTP rules. */
  static List<IngressBackend> backends(Ingress ingress) {
    List<IngressBackend> out = new ArrayList<>();
    if (ingress.getSpec().getDefaultBackend() != null) out.add(ingress.getSpec().getDefaultBackend());
    for (IngressRule rule : ingress.getSpec().getRules()) {
      if (rule.getHttp() != null) rule.getHttp().getPaths().forEach(p -> out.add(p.getBackend()));
    }
    return out;
  }

  /** The ports, given by number, that a NetworkPolicy's egress rules open. */
  static Set<Integer> egressPorts(NetworkPolicy np) {
    Set<Integer> ports = new TreeSet<>();
    for (NetworkPolicyEgressRule rule : np.getSpec().getEgress()) {
      for (NetworkPolicyPort p : rule.getPorts()) {
        if (p.getPort() != null && p.getPort().getIntVal() != null) ports.add(p.getPort().getIntVal());
      }
    }
    return ports;
  }

  /** A label selector (matchLabels and matchExpressions) as Kubernetes evaluates it; null selects nothing. */
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

  /** The paths of a contract in api-spec/: openapi.yaml (the public port), management.yaml (the management port). */
  static Set<String> contractPaths(String file) {
    try {
      JsonNode paths = YAML.readTree(RepositoryRoot.PATH.resolve("api-spec").resolve(file).toFile()).path("paths");
      Set<String> out = new TreeSet<>();
      paths.fieldNames().forEachRemaining(out::add);
      assertThat(out).as("paths of api-spec/%s", file).isNotEmpty();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
