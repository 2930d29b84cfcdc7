package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.healthportal.dev.ProjectPaths;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the contract is bound to a handler of exactly one module; an unbound one stops
 * the server building. The router builder installs checks of its own on every route, so "a route
 * has handlers" proves nothing: these tests look at what the modules bound.
 */
class ContractCoverageTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final TestEnv env = TestEnv.get();

  /** The operation ids of {@code api-spec/openapi.yaml}, read as plain YAML (not through the library under test). */
  private static List<String> operationIdsOfTheContractFile() throws Exception {
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(ProjectPaths.root().resolve(Contract.RESOURCE).toFile());
    List<String> ids = new ArrayList<>();
    doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      if (METHODS.contains(op.getKey())) ids.add(op.getValue().get("operationId").asText());
    }));
    return ids;
  }

  @Test
  void everyOperationInTheContractIsBound() throws Exception {
    RouterBuilder builder = env.app.routerBuilder().await();
    List<String> inFile = operationIdsOfTheContractFile();
    assertThat(inFile).doesNotHaveDuplicates().hasSizeGreaterThan(50);
    assertThat(builder.getRoutes()).extracting(r -> r.getOperation().getOperationId()).containsExactlyInAnyOrderElementsOf(inFile);
    assertThat(ApiRouter.unboundOperations(builder)).as("operations without a handler").isEmpty();
    for (OpenAPIRoute route : builder.getRoutes()) {
      assertThat(ApiRouter.boundHandlers(route)).as(route.getOperation().getOperationId())
          .isNotEmpty()
          .allSatisfy(h -> assertThat(h.getClass().getName()).startsWith("org.healthportal."));
      // what the builder itself adds is there too, and is not counted as a binding
      assertThat(route.getHandlers()).hasSizeGreaterThan(ApiRouter.boundHandlers(route).size());
    }
  }

  /**
   * Built with every module but one, the router builder has exactly that module's operations unbound:
   * every module binds something, no operation is bound by two, and together they bind them all.
   */
  @Test
  void eachModuleLeftOutLeavesExactlyItsOwnOperationsUnbound() throws Exception {
    List<String> all = operationIdsOfTheContractFile();
    Map<String, String> boundBy = new HashMap<>();
    for (var module : env.app.modules()) {
      List<ApiModule> others = env.app.modules().stream().filter(m -> m != module).toList();
      List<String> unbound = ApiRouter.unboundOperations(env.app.routerBuilder(others).await());
      String name = module.getClass().getSimpleName();
      assertThat(unbound).as(name + " binds nothing").isNotEmpty();
      for (String op : unbound) {
        assertThat(boundBy.put(op, name)).as(op + " bound by two modules").isNull();
      }
    }
    assertThat(boundBy.keySet()).containsExactlyInAnyOrderElementsOf(new HashSet<>(all));
  }

  @Test
  void aRouterWithAnUnboundOperationIsRefused() {
    List<ApiModule> withoutRegions = env.app.modules().stream().filter(m -> !m.getClass().getSimpleName().equals("RegionsApi")).toList();
    assertThat(withoutRegions).hasSize(env.app.modules().size() - 1);
    RouterBuilder partial = env.app.routerBuilder(withoutRegions).await();
    assertThat(ApiRouter.unboundOperations(partial)).contains("listRegions").doesNotContain("getMe", "getLiveness");
    assertThatThrownBy(() -> ApiRouter.create(partial, withoutRegions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("listRegions");
  }
}
