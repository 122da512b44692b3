-- Views over the warehouse tables. Applied in order after the tables are loaded.

-- One row per team: its latest status and whether it is still competing.
CREATE VIEW team_status_current AS
SELECT
    h.program_id,
    h.team_id,
    c.name_ko,
    c.name_en,
    h.status,
    h.stage,
    h.valid_from AS since,
    h.source_count,
    h.status IN ('applied', 'shortlisted', 'selected', 'advanced') AS competing
FROM team_status_history AS h
LEFT JOIN companies AS c ON c.company_id = h.team_id
WHERE h.valid_to IS NULL
ORDER BY h.program_id, competing DESC, h.status, c.name_ko;
