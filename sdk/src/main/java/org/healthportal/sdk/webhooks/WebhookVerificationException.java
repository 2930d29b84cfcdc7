package org.healthportal.sdk.webhooks;

/** A webhook delivery that did not pass {@link WebhookVerifier}: answer it with 400 and ignore it. */
public final class WebhookVerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  public WebhookVerificationException(String message) {
    super(message);
  }
}
