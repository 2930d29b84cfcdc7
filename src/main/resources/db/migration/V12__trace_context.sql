-- W3C trace context of the change behind each event, so that a webhook delivery continues the
-- trace of the request that caused it. A writing transaction sets hp.traceparent (transaction-
-- local, platform/db/TraceTag); the outbox column defaults to it, so the triggers of V6 and V11
-- stay as they are. Without the setting (a change made outside a request) it is NULL.
ALTER TABLE outbox ADD COLUMN traceparent text DEFAULT NULLIF(current_setting('hp.traceparent', true), '');
ALTER TABLE webhook_delivery ADD COLUMN traceparent text;
