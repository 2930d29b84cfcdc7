-- Webhooks for partners. Events come from the outbox (V6), written by triggers in the changing
-- transaction, so a committed change always has its event, whatever happens to the process next.

CREATE FUNCTION listing_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text := TG_ARGV[0];
BEGIN
  -- One event per new version (inserts and version bumps), not per internal row update.
  IF TG_OP = 'INSERT' OR OLD.version IS DISTINCT FROM NEW.version THEN
    INSERT INTO outbox (aggregate, aggregate_id, event_type, payload)
    VALUES (kind, NEW.id, kind || '.changed', jsonb_build_object(
      'id', NEW.id, 'version', NEW.version, 'regionCode', NEW.region_code, 'status', NEW.status,
      'change', CASE WHEN TG_OP = 'INSERT' THEN 'created' WHEN NEW.status = 'closed' AND OLD.status <> 'closed' THEN 'closed'
                     ELSE 'updated' END));
  END IF;
  -- Nested, not AND-ed: PL/pgSQL may evaluate every operand, and sites have no free_beds.
  IF kind = 'facility' AND TG_OP = 'UPDATE' THEN
    IF NEW.free_beds > OLD.free_beds AND NEW.status = 'active' THEN
      INSERT INTO outbox (aggregate, aggregate_id, event_type, payload)
      VALUES (kind, NEW.id, 'facility.beds-freed', jsonb_build_object(
        'id', NEW.id, 'version', NEW.version, 'regionCode', NEW.region_code, 'freeBeds', NEW.free_beds, 'previousFreeBeds', OLD.free_beds));
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER facility_events AFTER INSERT OR UPDATE ON facility FOR EACH ROW EXECUTE FUNCTION listing_events('facility');
CREATE TRIGGER tourism_site_events AFTER INSERT OR UPDATE ON tourism_site FOR EACH ROW EXECUTE FUNCTION listing_events('tourism-site');

CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
-- Events from before webhooks existed have no subscribers.
UPDATE outbox SET published_at = now() WHERE published_at IS NULL;

CREATE TABLE webhook_subscription (
  id             uuid PRIMARY KEY,
  owner_client   text NOT NULL,                 -- the partner's client id (azp)
  url            text NOT NULL,
  event_types    text[] NOT NULL,
  region_code    varchar(12) REFERENCES region(code),
  secret         text NOT NULL,                 -- HMAC key, shown to the partner once
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  disabled_reason text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscription_owner_idx ON webhook_subscription (owner_client);

-- One row per (subscription, event): the unit of delivery, retried until delivered or given up.
CREATE TABLE webhook_delivery (
  id              bigserial PRIMARY KEY,
  subscription_id uuid NOT NULL REFERENCES webhook_subscription(id) ON DELETE CASCADE,
  event_id        bigint NOT NULL,
  event_type      text NOT NULL,
  payload         jsonb NOT NULL,
  event_at        timestamptz NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  delivered_at    timestamptz,
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
