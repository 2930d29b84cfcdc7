package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.List;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/** Every operation of the contract is bound to a handler; an unbound one stops the server building. */
class ContractCoverageTest {

  private final TestEnv env = TestEnv.get();

  @Test
  void everyOperationInTheContractIsBound() {
    RouterBuilder builder = env.app.routerBuilder().await();
    OpenAPIContract contract = Contract.load(env.app.vertx()).await();
    assertThat(contract.operations()).hasSizeGreaterThanOrEqualTo(8);
    assertThat(ApiRouter.unboundOperations(builder)).as("operations without a handler").isEmpty();
    for (Operation op : contract.operations()) {
      assertThat(builder.getRoute(op.getOperationId()).getHandlers()).as(op.getOperationId()).isNotEmpty();
    }
  }

  @Test
  void aRouterWithAnUnboundOperationIsRefused() {
    OpenAPIContract contract = Contract.load(env.app.vertx()).await();
    RouterBuilder partial = RouterBuilder.create(env.app.vertx(), contract);
    partial.getRoute("getLiveness").addHandler(ctx -> ctx.end());
    assertThat(ApiRouter.unboundOperations(partial)).contains("listRegions", "getMe").doesNotContain("getLiveness");
    assertThatThrownBy(() -> ApiRouter.create(partial, List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("listRegions");
  }
}
