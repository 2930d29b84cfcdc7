package org.healthportal.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.healthportal.client.ApiClient;
import org.healthportal.client.ApiException;
import org.healthportal.client.api.FacilitiesApi;
import org.healthportal.client.api.FacilitiesApi.APIListFacilitiesRequest;
import org.healthportal.client.api.SyncApi;
import org.healthportal.client.api.SyncApi.APIListChangesRequest;
import org.healthportal.client.api.WebhooksApi;
import org.healthportal.client.api.WebhooksApi.APICreateWebhookRequest;
import org.healthportal.client.api.WebhooksApi.APIDeleteWebhookRequest;
import org.healthportal.client.api.WebhooksApi.APIGetWebhookRequest;
import org.healthportal.client.model.Change;
import org.healthportal.client.model.ChangePage;
import org.healthportal.client.model.FacilityPage;
import org.healthportal.client.model.WebhookCreate;
import org.healthportal.client.model.WebhookCreated;
import org.healthportal.client.model.WebhookEventType;
import org.healthportal.support.Listings;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/**
 * The SDK artifact ({@code health-portal-sdk}) used as a partner would: a client-credentials token
 * from Keycloak, a near-me search, a full delta sync, and a webhook subscription.
 */
class PartnerSdkTest {

  private final TestEnv env = TestEnv.get();

  @Test
  void aPartnerSearchesSyncsAndSubscribesThroughTheSdk() throws Exception {
    ApiClient client = env.client(env.partnerToken()); // grant_type=client_credentials, role partner

    FacilityPage near = new FacilitiesApi(client).listFacilities(APIListFacilitiesRequest.newBuilder()
        .near("36.6512,117.1201").sort("distance").limit(5).build());
    assertThat(near.getItems()).hasSize(5);
    assertThat(near.getItems().get(0).getDistanceMeters().doubleValue()).isLessThanOrEqualTo(near.getItems().get(4).getDistanceMeters().doubleValue());

    SyncApi sync = new SyncApi(client);
    List<Change> changes = new ArrayList<>();
    String cursor = null;
    ChangePage page;
    do {
      page = sync.listChanges(APIListChangesRequest.newBuilder().since(cursor).types(List.of("facility")).limit(200).build());
      changes.addAll(page.getItems());
      cursor = page.getNextCursor();
    } while (Boolean.TRUE.equals(page.getHasMore()));
    long live = changes.stream().filter(c -> c.getAction() == Change.ActionEnum.UPSERT).map(Change::getId).distinct().count();
    assertThat(live).isEqualTo(Listings.all(env.http, "/v1/facilities", "").size());

    WebhooksApi webhooks = new WebhooksApi(client);
    // A public address literal (TEST-NET-3): accepted, and never called since this instance does not deliver.
    WebhookCreated created = webhooks.createWebhook(APICreateWebhookRequest.newBuilder()
        .webhookCreate(new WebhookCreate().url("https://203.0.113.10/hooks/portal")
            .eventTypes(Set.of(WebhookEventType.FACILITY_BEDS_FREED)).region("370100"))
        .build());
    assertThat(created.getSecret()).startsWith("whsec_");
    assertThat(webhooks.listWebhooks().getItems()).anySatisfy(w -> assertThat(w.getId()).isEqualTo(created.getId()));
    webhooks.deleteWebhook(APIDeleteWebhookRequest.newBuilder().webhookId(created.getId()).build());
    assertThatThrownBy(() -> webhooks.getWebhook(APIGetWebhookRequest.newBuilder().webhookId(created.getId()).build())).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }
}
