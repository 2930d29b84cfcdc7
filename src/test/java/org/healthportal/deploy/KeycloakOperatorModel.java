package org.healthportal.deploy;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Typed models of the two Keycloak Operator resources the manifests use ({@code k8s.keycloak.org/v2alpha1}),
 * for {@link KubernetesManifestsTest}. No fabric8 model exists for them, so these list the fields of the
 * operator's own classes ({@code org.keycloak.operator.crds.v2alpha1}) that the manifests need, with the
 * operator's field names. They have no catch-all for other fields: parsed with unknown fields failing, a
 * misspelled or unlisted field fails the test (add it here, checked against the operator's CRD, if it is
 * really needed). The realm itself is Keycloak's own {@link RealmRepresentation}.
 */
final class KeycloakOperatorModel {

  private KeycloakOperatorModel() {}

  /** Common shape: apiVersion, kind, metadata, spec. */
  abstract static class Resource<S> implements HasMetadata, Namespaced {
    public String apiVersion;
    public String kind;
    public ObjectMeta metadata;
    public S spec;

    @Override
    public ObjectMeta getMetadata() {
      return metadata;
    }

    @Override
    public void setMetadata(ObjectMeta metadata) {
      this.metadata = metadata;
    }

    @Override
    public String getApiVersion() {
      return apiVersion;
    }

    @Override
    public void setApiVersion(String apiVersion) {
      this.apiVersion = apiVersion;
    }

    @Override
    public String getKind() {
      return kind;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }
  }

  /** {@code Keycloak}: one Keycloak server (Deployment, Service, Ingress made by the operator). */
  @Group("k8s.keycloak.org")
  @Version("v2alpha1")
  @JsonDeserialize(using = JsonDeserializer.None.class)
  static final class Keycloak extends Resource<KeycloakSpec> {}

  static final class KeycloakSpec {
    public Integer instances;
    public String image;
    public HostnameSpec hostname;
    public ProxySpec proxy;
    public HttpSpec http;
    public IngressSpec ingress;
    public DatabaseSpec db;
    public ResourceRequirements resources;
  }

  /** Hostname v2: {@code hostname} is a host name or a full URL; it decides the token issuer. */
  static final class HostnameSpec {
    public String hostname;
    public String admin;
    public Boolean strict;
    public Boolean backchannelDynamic;
  }

  static final class ProxySpec {
    public String headers;
  }

  static final class HttpSpec {
    public String tlsSecret;
    public Boolean httpEnabled;
    public Integer httpPort;
    public Integer httpsPort;
  }

  static final class IngressSpec {
    public Boolean enabled;
    public String className;
    public Map<String, String> annotations;
    public String tlsSecret;
  }

  static final class DatabaseSpec {
    public String vendor;
    public String host;
    public Integer port;
    public String database;
    public String schema;
    public String url;
    public SecretKeySelector usernameSecret;
    public SecretKeySelector passwordSecret;
    public Integer poolInitialSize;
    public Integer poolMinSize;
    public Integer poolMaxSize;
  }

  /** {@code KeycloakRealmImport}: a realm created once in the Keycloak named by keycloakCRName (same namespace). */
  @Group("k8s.keycloak.org")
  @Version("v2alpha1")
  @JsonDeserialize(using = JsonDeserializer.None.class)
  static final class KeycloakRealmImport extends Resource<KeycloakRealmImportSpec> {}

  static final class KeycloakRealmImportSpec {
    public String keycloakCRName;
    public RealmRepresentation realm;
  }
}
