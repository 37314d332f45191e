-- A promoted rotation whose finish step waits (RAM: the old AccessKey's overlap window): when it is due, in epoch
-- milliseconds. Null with finish_owed set means the finish may run at once (a crash came between promote and finish).
ALTER TABLE secrets ADD COLUMN finish_due_at BIGINT;
