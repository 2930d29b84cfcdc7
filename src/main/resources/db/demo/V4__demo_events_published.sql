-- The demo listings were inserted, so the triggers wrote outbox events for them; like the listings
-- that existed before webhooks (V11), they are nobody's news: no partner is told about demo data.
UPDATE outbox SET published_at = now()
WHERE published_at IS NULL
  AND aggregate_id IN (SELECT id FROM facility WHERE demo UNION ALL SELECT id FROM tourism_site WHERE demo);
