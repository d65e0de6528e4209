-- A dossier sent back for completion or refused at the desk was never received, so it has no
-- reception time and no due date (Decree 118: the time limit starts at reception). Dossiers
-- recorded before that rule was kept get it here.
UPDATE dossiers SET received_at = NULL, due_at = NULL
 WHERE status IN ('supplement_requested', 'not_received') AND (received_at IS NOT NULL OR due_at IS NOT NULL);
