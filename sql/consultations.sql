-- consultations (相談件数推移): consultations and meetings per municipality
-- and fiscal year, their region (東部/中部/西部) and prefecture totals, and
-- the monthly tallies behind them; each FY count also per 10,000 residents.
-- Grain: one row per level x area x fiscal_year (x month for level 'month').
--   municipality / region / prefecture rows: persons = rows of `cases`
--   (実人数), new_persons = cases opened inside the FY, contacts and meetings
--   = sums of `activities`. month rows: one municipality-month of
--   `activities` (persons and rates are null there).
-- Parameters (positional): 1 from_fy, 2 to_fy (FY totals); 3 from_fy,
--   4 to_fy (month rows). Both inclusive.
-- Output: level, area_code, area_name, region, municipality_code,
--   fiscal_year, month, persons, new_persons, continuing_persons, contacts,
--   support_meetings, juso_meetings, meeting_cases, months_reported,
--   municipalities_reporting, persons_per_10k, new_persons_per_10k,
--   continuing_persons_per_10k, contacts_per_10k, support_meetings_per_10k,
--   juso_meetings_per_10k, meeting_cases_per_10k, population,
--   population_source, population_as_of, population_rough.
-- Rates: count * 10000 / population, rounded to 2 decimals; aggregates divide
--   by the summed population of the towns that reported that metric.
WITH town_population AS (
  SELECT * FROM town_fy WHERE fiscal_year BETWEEN ? AND ?
),
activity_month AS (
  SELECT municipality_code, fiscal_year, month, new_persons, contacts, support_meetings, juso_meetings, meeting_cases
  FROM activities
  WHERE fiscal_year BETWEEN ? AND ?
),
all_rows AS (
  SELECT
    'municipality' AS level,
    municipality_code AS area_code,
    area_name,
    region,
    municipality_code,
    fiscal_year,
    CAST(NULL AS VARCHAR) AS month,
    persons,
    new_persons,
    continuing_persons,
    contacts,
    support_meetings,
    juso_meetings,
    meeting_cases,
    months_reported,
    CAST(NULL AS BIGINT) AS municipalities_reporting,
    CASE WHEN persons IS NOT NULL THEN population END AS case_population,
    CASE WHEN months_reported IS NOT NULL THEN population END AS activity_population,
    population,
    population_source,
    population_as_of,
    population_rough
  FROM town_population
  UNION ALL
  -- Region and prefecture totals in one pass; GROUPING SETS is common to DuckDB and Trino.
  SELECT
    CASE WHEN GROUPING(region) = 0 THEN 'region' ELSE 'prefecture' END AS level,
    CASE WHEN GROUPING(region) = 0 THEN region ELSE MIN(pref.code) END AS area_code,
    CASE WHEN GROUPING(region) = 0 THEN region ELSE MIN(pref.name) END AS area_name,
    region,
    CAST(NULL AS VARCHAR) AS municipality_code,
    fiscal_year,
    CAST(NULL AS VARCHAR) AS month,
    SUM(persons),
    SUM(new_persons),
    SUM(continuing_persons),
    SUM(contacts),
    SUM(support_meetings),
    SUM(juso_meetings),
    SUM(meeting_cases),
    CAST(NULL AS BIGINT),
    COUNT(*),
    SUM(CASE WHEN persons IS NOT NULL THEN population END),
    SUM(CASE WHEN months_reported IS NOT NULL THEN population END),
    SUM(population),
    '市町村人口の合計',
    MIN(population_as_of),
    MAX(CASE WHEN population_rough THEN 1 ELSE 0 END) = 1
  FROM town_population
  CROSS JOIN prefecture pref
  GROUP BY GROUPING SETS ((region, fiscal_year), (fiscal_year))
  -- Towns outside the reference have no region: they count in the prefecture only.
  HAVING GROUPING(region) = 1 OR region IS NOT NULL
  UNION ALL
  SELECT
    'month' AS level,
    a.municipality_code AS area_code,
    m.name AS area_name,
    m.region,
    a.municipality_code,
    a.fiscal_year,
    CAST(a.month AS VARCHAR) AS month,
    CAST(NULL AS BIGINT),
    a.new_persons,
    CAST(NULL AS BIGINT),
    a.contacts,
    a.support_meetings,
    a.juso_meetings,
    a.meeting_cases,
    CAST(NULL AS BIGINT),
    CAST(NULL AS BIGINT),
    CAST(NULL AS BIGINT),
    CAST(NULL AS BIGINT),
    CAST(NULL AS BIGINT),
    CAST(NULL AS VARCHAR),
    CAST(NULL AS VARCHAR),
    CAST(NULL AS BOOLEAN)
  FROM activity_month a
  LEFT JOIN municipalities m ON m.code = a.municipality_code
)
SELECT
  level,
  area_code,
  area_name,
  region,
  municipality_code,
  fiscal_year,
  month,
  persons,
  new_persons,
  continuing_persons,
  contacts,
  support_meetings,
  juso_meetings,
  meeting_cases,
  months_reported,
  municipalities_reporting,
  ROUND(CAST(persons AS DOUBLE) * 10000 / case_population, 2) AS persons_per_10k,
  ROUND(CAST(new_persons AS DOUBLE) * 10000 / case_population, 2) AS new_persons_per_10k,
  ROUND(CAST(continuing_persons AS DOUBLE) * 10000 / case_population, 2) AS continuing_persons_per_10k,
  ROUND(CAST(contacts AS DOUBLE) * 10000 / activity_population, 2) AS contacts_per_10k,
  ROUND(CAST(support_meetings AS DOUBLE) * 10000 / activity_population, 2) AS support_meetings_per_10k,
  ROUND(CAST(juso_meetings AS DOUBLE) * 10000 / activity_population, 2) AS juso_meetings_per_10k,
  ROUND(CAST(meeting_cases AS DOUBLE) * 10000 / activity_population, 2) AS meeting_cases_per_10k,
  population,
  population_source,
  population_as_of,
  population_rough
FROM all_rows
ORDER BY level, area_code, fiscal_year, month
