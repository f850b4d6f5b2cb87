-- How each agent watches removable media (its heartbeat's mediaWatch, as JSON): the OS's own
-- adapters, the portable watcher, or the portable watcher because the native ones failed. Agents
-- from before the field leave it empty.
ALTER TABLE agent ADD COLUMN media_watch TEXT;
