-- The Marten event store lives in its own database; the recorder's own traffic there is not recorded.
CREATE DATABASE tracelab_events;
ALTER DATABASE tracelab_events SET tracelab.enabled = off;
