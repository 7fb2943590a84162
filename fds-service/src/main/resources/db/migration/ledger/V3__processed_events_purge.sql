-- ProcessedEventsPurge deletes consumed event ids older than fds.processed-events.retention in
-- batches, oldest first: without this index each batch would scan the whole table.
CREATE INDEX processed_events_processed_at_idx ON processed_events (processed_at);
