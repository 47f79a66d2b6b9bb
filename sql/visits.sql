-- visits (自治会訪問進捗): progress of the household-visit survey, from the
-- 自治会 snapshots each town submits per 基準日 (as_of).
-- Levels: history = every snapshot of a municipality; municipality = its
--   latest snapshot in the range; region / prefecture = sums of those latest
--   snapshots (as_of = the newest among them).
-- Grain: one row per level x area (x as_of for history).
-- Parameters (positional): 1 from_fy, 2 to_fy: snapshots whose as_of falls in
--   fiscal years from_fy..to_fy (so to_fy = 2023 gives the state at the end
--   of FY2023).
-- Output: level, area_code, area_name, region, municipality_code, as_of,
--   jichikai_total, jichikai_completed, jichikai_in_progress,
--   jichikai_completed_share, households_total, households_visited,
--   households_visited_share, hearing_done, concern_households, referrals.
WITH snapshot AS (
  SELECT
    municipality_code,
    as_of,
    COUNT(*) AS jichikai_total,
    SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS jichikai_completed,
    SUM(CASE WHEN status = 'in_progress' THEN 1 ELSE 0 END) AS jichikai_in_progress,
    SUM(households) AS households_total,
    SUM(visited_households) AS households_visited,
    SUM(CASE WHEN hearing_done THEN 1 ELSE 0 END) AS hearing_done,
    SUM(concern_households) AS concern_households,
    SUM(referrals) AS referrals
  FROM visits
  WHERE (CASE WHEN month(as_of) >= 4 THEN year(as_of) ELSE year(as_of) - 1 END) BETWEEN ? AND ?
  GROUP BY municipality_code, as_of
),
ranked AS (
  SELECT
    s.*,
    m.name AS area_name,
    m.region,
    ROW_NUMBER() OVER (PARTITION BY s.municipality_code ORDER BY s.as_of DESC) AS newest_first
  FROM snapshot s
  LEFT JOIN municipalities m ON m.code = s.municipality_code
),
all_rows AS (
  -- Every snapshot as history, and the newest one again as the municipality's current state.
  SELECT
    lv.level,
    municipality_code AS area_code,
    area_name,
    region,
    municipality_code,
    as_of,
    jichikai_total,
    jichikai_completed,
    jichikai_in_progress,
    households_total,
    households_visited,
    hearing_done,
    concern_households,
    referrals
  FROM ranked
  CROSS JOIN (VALUES ('history'), ('municipality')) AS lv(level)
  WHERE lv.level = 'history' OR newest_first = 1
  UNION ALL
  -- Region and prefecture sums of the current states; GROUPING SETS is common to DuckDB and Trino.
  SELECT
    CASE WHEN GROUPING(region) = 0 THEN 'region' ELSE 'prefecture' END,
    CASE WHEN GROUPING(region) = 0 THEN region ELSE MIN(pref.code) END,
    CASE WHEN GROUPING(region) = 0 THEN region ELSE MIN(pref.name) END,
    region,
    CAST(NULL AS VARCHAR),
    MAX(as_of),
    SUM(jichikai_total),
    SUM(jichikai_completed),
    SUM(jichikai_in_progress),
    SUM(households_total),
    SUM(households_visited),
    SUM(hearing_done),
    SUM(concern_households),
    SUM(referrals)
  FROM ranked
  CROSS JOIN prefecture pref
  WHERE newest_first = 1
  GROUP BY GROUPING SETS ((region), ())
  -- Towns outside the reference have no region: they count in the prefecture only.
  HAVING GROUPING(region) = 1 OR region IS NOT NULL
)
SELECT
  level,
  area_code,
  area_name,
  region,
  municipality_code,
  CAST(as_of AS VARCHAR) AS as_of,
  jichikai_total,
  jichikai_completed,
  jichikai_in_progress,
  ROUND(CAST(jichikai_completed AS DOUBLE) / NULLIF(jichikai_total, 0), 4) AS jichikai_completed_share,
  households_total,
  households_visited,
  ROUND(CAST(households_visited AS DOUBLE) / NULLIF(households_total, 0), 4) AS households_visited_share,
  hearing_done,
  concern_households,
  referrals
FROM all_rows
WHERE jichikai_total IS NOT NULL
ORDER BY level, area_code, as_of
