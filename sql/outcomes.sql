-- outcomes (支援の成果): what happened to the people a town supported, and
-- the アウトリーチ and 参加支援 tallies, per municipality and fiscal year,
-- with region (東部/中部/西部) and prefecture totals.
-- Grain: one row per level x area x fiscal_year.
--   persons = rows of `cases` (相談実人数, the denominator of 終結率).
--   By each case's 状態 in the FY's extract, which partition persons:
--   closed (終結, or no 状態 but a 終結日), supporting (支援中), watching
--   (見守り・つながり継続), status_unknown (neither 状態 nor 終結日).
--   closure_rate = closed / persons. median_support_days = median of
--   終結日 − 受付日 in days over the closed cases (region and prefecture:
--   over all their towns' cases, not a median of medians); null unless
--   every closed case has a 終結日, so that the median is of exactly
--   `closed` cases (the publication layer shows it only when that count
--   is shown and at least k).
--   outreach_visits, participation_support = sums of the monthly
--   `activities` tallies (延べ: a monthly count summed over months).
-- Parameters (positional): 1 from_fy, 2 to_fy, inclusive.
-- Output: level, area_code, area_name, region, municipality_code,
--   fiscal_year, persons, closed, supporting, watching, status_unknown,
--   closure_rate, median_support_days, outreach_visits,
--   participation_support.
-- Medians without a percentile function (Trino has only approx_percentile):
--   the middle one or two of the ranked durations, averaged.
WITH case_status AS (
  SELECT
    municipality_code,
    fiscal_year,
    CASE WHEN status = 'closed' OR (status IS NULL AND closed_on IS NOT NULL) THEN 1 ELSE 0 END AS is_closed,
    CASE WHEN status = 'supporting' THEN 1 ELSE 0 END AS is_supporting,
    CASE WHEN status = 'watching' THEN 1 ELSE 0 END AS is_watching,
    CASE WHEN status IS NULL AND closed_on IS NULL THEN 1 ELSE 0 END AS is_unknown,
    CASE
      WHEN (status = 'closed' OR status IS NULL) AND closed_on IS NOT NULL
        THEN date_diff('day', opened_on, closed_on)
    END AS support_days
  FROM cases
),
activity_fy AS (
  SELECT
    municipality_code,
    fiscal_year,
    SUM(outreach_visits) AS outreach_visits,
    SUM(participation_support) AS participation_support
  FROM activities
  GROUP BY municipality_code, fiscal_year
),
-- A union then one GROUP BY (not a join), as in town_fy: a town with only cases or only tallies keeps its row.
town AS (
  SELECT
    f.municipality_code,
    f.fiscal_year,
    m.name AS area_name,
    m.region,
    SUM(f.persons) AS persons,
    SUM(f.closed) AS closed,
    SUM(f.supporting) AS supporting,
    SUM(f.watching) AS watching,
    SUM(f.status_unknown) AS status_unknown,
    SUM(f.outreach_visits) AS outreach_visits,
    SUM(f.participation_support) AS participation_support
  FROM (
    SELECT
      municipality_code,
      fiscal_year,
      COUNT(*) AS persons,
      SUM(is_closed) AS closed,
      SUM(is_supporting) AS supporting,
      SUM(is_watching) AS watching,
      SUM(is_unknown) AS status_unknown,
      CAST(NULL AS BIGINT) AS outreach_visits,
      CAST(NULL AS BIGINT) AS participation_support
    FROM case_status
    GROUP BY municipality_code, fiscal_year
    UNION ALL
    SELECT
      municipality_code,
      fiscal_year,
      CAST(NULL AS BIGINT),
      CAST(NULL AS BIGINT),
      CAST(NULL AS BIGINT),
      CAST(NULL AS BIGINT),
      CAST(NULL AS BIGINT),
      outreach_visits,
      participation_support
    FROM activity_fy
  ) f
  LEFT JOIN municipalities m ON m.code = f.municipality_code
  GROUP BY f.municipality_code, f.fiscal_year, m.name, m.region
),
counts AS (
  SELECT
    'municipality' AS level,
    municipality_code AS area_code,
    area_name,
    region,
    municipality_code,
    fiscal_year,
    persons,
    closed,
    supporting,
    watching,
    status_unknown,
    outreach_visits,
    participation_support
  FROM town
  UNION ALL
  -- Region and prefecture totals in one pass; towns outside the reference count in the prefecture only.
  SELECT
    CASE WHEN GROUPING(region) = 0 THEN 'region' ELSE 'prefecture' END,
    CASE WHEN GROUPING(region) = 0 THEN region ELSE MIN(pref.code) END,
    CASE WHEN GROUPING(region) = 0 THEN region ELSE MIN(pref.name) END,
    region,
    CAST(NULL AS VARCHAR),
    fiscal_year,
    SUM(persons),
    SUM(closed),
    SUM(supporting),
    SUM(watching),
    SUM(status_unknown),
    SUM(outreach_visits),
    SUM(participation_support)
  FROM town
  CROSS JOIN prefecture pref
  GROUP BY GROUPING SETS ((region, fiscal_year), (fiscal_year))
  HAVING GROUPING(region) = 1 OR region IS NOT NULL
),
durations AS (
  SELECT 'municipality' AS level, d.municipality_code AS area_code, d.fiscal_year, d.support_days
  FROM case_status d
  WHERE d.support_days IS NOT NULL
  UNION ALL
  SELECT 'region', m.region, d.fiscal_year, d.support_days
  FROM case_status d
  JOIN municipalities m ON m.code = d.municipality_code
  WHERE d.support_days IS NOT NULL AND m.region IS NOT NULL
  UNION ALL
  SELECT 'prefecture', pref.code, d.fiscal_year, d.support_days
  FROM case_status d
  CROSS JOIN prefecture pref
  WHERE d.support_days IS NOT NULL
),
ranked AS (
  SELECT
    level,
    area_code,
    fiscal_year,
    support_days,
    ROW_NUMBER() OVER (PARTITION BY level, area_code, fiscal_year ORDER BY support_days) AS position,
    COUNT(*) OVER (PARTITION BY level, area_code, fiscal_year) AS n
  FROM durations
),
medians AS (
  -- The middle one (n odd: 2·position = n + 1) or two (n even: n and n + 2).
  SELECT
    level,
    area_code,
    fiscal_year,
    ROUND(AVG(CAST(support_days AS DOUBLE)), 1) AS median_support_days,
    MAX(n) AS closed_with_dates
  FROM ranked
  WHERE 2 * position BETWEEN n AND n + 2
  GROUP BY level, area_code, fiscal_year
)
SELECT
  c.level,
  c.area_code,
  c.area_name,
  c.region,
  c.municipality_code,
  c.fiscal_year,
  c.persons,
  c.closed,
  c.supporting,
  c.watching,
  c.status_unknown,
  ROUND(CAST(c.closed AS DOUBLE) / c.persons, 4) AS closure_rate,
  CASE WHEN md.closed_with_dates = c.closed THEN md.median_support_days END AS median_support_days,
  c.outreach_visits,
  c.participation_support
FROM counts c
LEFT JOIN medians md
  ON md.level = c.level AND md.area_code = c.area_code AND md.fiscal_year = c.fiscal_year
WHERE c.fiscal_year BETWEEN ? AND ?
ORDER BY c.level, c.area_code, c.fiscal_year
