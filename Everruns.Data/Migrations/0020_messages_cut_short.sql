-- An answer whose run was cancelled while the model streamed it is kept as far as it was streamed, marked as cut
-- short, so that people (and the next run's model) see what was said before the stop.
ALTER TABLE messages ADD COLUMN cut_short boolean NOT NULL DEFAULT false;
