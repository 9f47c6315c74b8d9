-- Each conversation's LLM token use as a running total, added to when a turn completes: the
-- per-session budget check reads one column instead of walking every earlier turn's trace.
ALTER TABLE sessions ADD COLUMN llm_tokens integer NOT NULL DEFAULT 0;
UPDATE sessions s SET llm_tokens = used.tokens
FROM (
  SELECT t.session_id, sum(coalesce((p->'usage'->>'promptTokens')::int, 0) + coalesce((p->'usage'->>'completionTokens')::int, 0))::int AS tokens
  FROM turns t CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(t.trace->'prompts') = 'array' THEN t.trace->'prompts' ELSE '[]'::jsonb END) p
  GROUP BY t.session_id
) used
WHERE used.session_id = s.id;
