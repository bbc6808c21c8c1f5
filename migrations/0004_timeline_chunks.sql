CREATE TABLE `timeline_chunks` (
	`event_id` text NOT NULL,
	`first_seq` integer NOT NULL,
	`entries` text NOT NULL,
	PRIMARY KEY(`event_id`, `first_seq`)
);
--> statement-breakpoint
-- Existing timeline rows become one-entry chunks before the old table goes (added by hand to the generated SQL).
INSERT INTO `timeline_chunks` (`event_id`, `first_seq`, `entries`)
SELECT `event_id`, `seq`, json_array(json_object('seq', `seq`, 'at', `at`, 'step', `step`, 'detail', json(`detail`))) FROM `event_timeline`;
--> statement-breakpoint
DROP TABLE `event_timeline`;--> statement-breakpoint
DROP INDEX `events_entity`;