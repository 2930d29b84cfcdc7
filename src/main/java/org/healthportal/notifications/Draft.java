package org.healthportal.notifications;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A notification about to be stored. {@code source} and {@code kind} together are its
 * de-duplication key; {@code params} are the facts its texts are made of when read.
 */
record Draft(String ownerSubject, NotificationKind kind, String source, UUID signupId, JsonObject params, Instant occurredAt) {}
