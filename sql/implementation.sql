-- implementation (実施市町村数): how many municipalities implement
-- 重層的支援体制整備事業 each fiscal year, which programmes each has adopted,
-- the share of the prefecture's municipalities and population covered, and
-- the national share as a reference line.
-- Levels: municipality = one town's status and programmes in a FY;
--   prefecture = counts per FY. implementing = status 実施 that FY;
--   implementing_cumulative = towns whose first 実施 FY is on or before it
--   (over all uploaded years, not only the range); planned = 実施予定;
--   preparing = 移行準備事業. Shares divide by the reference's municipality
--   count and by the summed population of all reference municipalities.
-- National reference (厚生労働省 公表値; FY2025 planned): implementing
--   FY2021 42, FY2022 134, FY2023 189, FY2024 346, FY2025 473; preparing
--   FY2025 189; out of 1,741 municipalities.
-- Grain: municipality x fiscal_year, and fiscal_year.
-- Parameters (positional): 1 from_fy, 2 to_fy (inclusive).
-- Output: level, fiscal_year, area_code, area_name, region,
--   municipality_code, status, first_implemented_fy,
--   comprehensive_consultation, multi_agency, outreach, participation,
--   community, support_meeting, isolation_council (the programme flags),
--   advocacy_visit_on, implementing (this and the rest up to
--   national_planned: prefecture rows only), implementing_cumulative,
--   preparing, planned, considering, not_implemented, municipalities_total,
--   implementing_share, implementing_incl_planned,
--   implementing_incl_planned_share, population_covered, population_total,
--   population_covered_share, programme_comprehensive_consultation,
--   programme_multi_agency, programme_outreach, programme_participation,
--   programme_community, programme_support_meeting,
--   programme_isolation_council, national_implementing, national_preparing,
--   national_total, national_share, national_planned, population,
--   population_source, population_as_of, population_rough.
WITH impl AS (
  SELECT *
  FROM implementation
  WHERE fiscal_year BETWEEN ? AND ?
),
first_implemented AS (
  SELECT municipality_code, MIN(fiscal_year) AS first_implemented_fy
  FROM implementation
  WHERE status = 'implementing'
  GROUP BY municipality_code
),
fiscal_years AS (
  SELECT DISTINCT fiscal_year FROM impl
),
national AS (
  SELECT *
  FROM (
    VALUES
      (2021, 42, CAST(NULL AS INTEGER), FALSE),
      (2022, 134, CAST(NULL AS INTEGER), FALSE),
      (2023, 189, CAST(NULL AS INTEGER), FALSE),
      (2024, 346, CAST(NULL AS INTEGER), FALSE),
      (2025, 473, 189, TRUE)
  ) AS t(fiscal_year, implementing, preparing, planned)
),
-- Every reference town in every FY, so population shares cover towns without a row.
town_year AS (
  SELECT
    y.fiscal_year,
    m.code AS municipality_code,
    m.name AS area_name,
    m.region,
    COALESCE(p.population, m.population) AS population,
    CASE WHEN p.population IS NOT NULL THEN p.source ELSE m.population_basis END AS population_source,
    CAST(p.as_of AS VARCHAR) AS population_as_of,
    CASE WHEN p.population IS NOT NULL THEN FALSE ELSE COALESCE(m.population_rough, FALSE) END
      AS population_rough
  FROM fiscal_years y
  CROSS JOIN municipalities m
  LEFT JOIN population_by_fy p
    ON p.municipality_code = m.code AND y.fiscal_year BETWEEN p.from_fy AND p.to_fy
),
town_rows AS (
  SELECT
    i.fiscal_year,
    i.municipality_code,
    ty.area_name,
    ty.region,
    i.status,
    f.first_implemented_fy,
    i.comprehensive_consultation,
    i.multi_agency,
    i.outreach,
    i.participation,
    i.community,
    i.support_meeting,
    i.isolation_council,
    CAST(i.advocacy_visit_on AS VARCHAR) AS advocacy_visit_on,
    ty.population,
    ty.population_source,
    ty.population_as_of,
    ty.population_rough
  FROM impl i
  LEFT JOIN town_year ty ON ty.municipality_code = i.municipality_code AND ty.fiscal_year = i.fiscal_year
  LEFT JOIN first_implemented f ON f.municipality_code = i.municipality_code
),
cumulative AS (
  SELECT y.fiscal_year, COUNT(f.municipality_code) AS implementing_cumulative
  FROM fiscal_years y
  LEFT JOIN first_implemented f ON f.first_implemented_fy <= y.fiscal_year
  GROUP BY y.fiscal_year
),
totals AS (
  SELECT fiscal_year, SUM(population) AS population_total, MIN(population_as_of) AS population_as_of,
    MAX(CASE WHEN population_rough THEN 1 ELSE 0 END) = 1 AS population_rough
  FROM town_year
  GROUP BY fiscal_year
),
counts AS (
  SELECT
    fiscal_year,
    SUM(CASE WHEN status = 'implementing' THEN 1 ELSE 0 END) AS implementing,
    SUM(CASE WHEN status = 'preparing' THEN 1 ELSE 0 END) AS preparing,
    SUM(CASE WHEN status = 'planned' THEN 1 ELSE 0 END) AS planned,
    SUM(CASE WHEN status = 'considering' THEN 1 ELSE 0 END) AS considering,
    SUM(CASE WHEN status = 'not_implemented' THEN 1 ELSE 0 END) AS not_implemented,
    SUM(CASE WHEN status = 'implementing' THEN population ELSE 0 END) AS population_covered,
    SUM(CASE WHEN comprehensive_consultation THEN 1 ELSE 0 END) AS programme_comprehensive_consultation,
    SUM(CASE WHEN multi_agency THEN 1 ELSE 0 END) AS programme_multi_agency,
    SUM(CASE WHEN outreach THEN 1 ELSE 0 END) AS programme_outreach,
    SUM(CASE WHEN participation THEN 1 ELSE 0 END) AS programme_participation,
    SUM(CASE WHEN community THEN 1 ELSE 0 END) AS programme_community,
    SUM(CASE WHEN support_meeting THEN 1 ELSE 0 END) AS programme_support_meeting,
    SUM(CASE WHEN isolation_council THEN 1 ELSE 0 END) AS programme_isolation_council
  FROM town_rows
  GROUP BY fiscal_year
)
SELECT
  'municipality' AS level,
  fiscal_year,
  municipality_code AS area_code,
  area_name,
  region,
  municipality_code,
  status,
  first_implemented_fy,
  comprehensive_consultation,
  multi_agency,
  outreach,
  participation,
  community,
  support_meeting,
  isolation_council,
  advocacy_visit_on,
  CAST(NULL AS BIGINT) AS implementing,
  CAST(NULL AS BIGINT) AS implementing_cumulative,
  CAST(NULL AS BIGINT) AS preparing,
  CAST(NULL AS BIGINT) AS planned,
  CAST(NULL AS BIGINT) AS considering,
  CAST(NULL AS BIGINT) AS not_implemented,
  CAST(NULL AS BIGINT) AS municipalities_total,
  CAST(NULL AS DOUBLE) AS implementing_share,
  CAST(NULL AS BIGINT) AS implementing_incl_planned,
  CAST(NULL AS DOUBLE) AS implementing_incl_planned_share,
  CAST(NULL AS BIGINT) AS population_covered,
  CAST(NULL AS BIGINT) AS population_total,
  CAST(NULL AS DOUBLE) AS population_covered_share,
  CAST(NULL AS BIGINT) AS programme_comprehensive_consultation,
  CAST(NULL AS BIGINT) AS programme_multi_agency,
  CAST(NULL AS BIGINT) AS programme_outreach,
  CAST(NULL AS BIGINT) AS programme_participation,
  CAST(NULL AS BIGINT) AS programme_community,
  CAST(NULL AS BIGINT) AS programme_support_meeting,
  CAST(NULL AS BIGINT) AS programme_isolation_council,
  CAST(NULL AS BIGINT) AS national_implementing,
  CAST(NULL AS BIGINT) AS national_preparing,
  CAST(NULL AS BIGINT) AS national_total,
  CAST(NULL AS DOUBLE) AS national_share,
  CAST(NULL AS BOOLEAN) AS national_planned,
  population,
  population_source,
  population_as_of,
  population_rough
FROM town_rows
UNION ALL
SELECT
  'prefecture',
  c.fiscal_year,
  pref.code,
  pref.name,
  CAST(NULL AS VARCHAR),
  CAST(NULL AS VARCHAR),
  CAST(NULL AS VARCHAR),
  CAST(NULL AS INTEGER),
  CAST(NULL AS BOOLEAN),
  CAST(NULL AS BOOLEAN),
  CAST(NULL AS BOOLEAN),
  CAST(NULL AS BOOLEAN),
  CAST(NULL AS BOOLEAN),
  CAST(NULL AS BOOLEAN),
  CAST(NULL AS BOOLEAN),
  CAST(NULL AS VARCHAR),
  c.implementing,
  cu.implementing_cumulative,
  c.preparing,
  c.planned,
  c.considering,
  c.not_implemented,
  pref.municipalities_total,
  ROUND(CAST(c.implementing AS DOUBLE) / NULLIF(pref.municipalities_total, 0), 4),
  c.implementing + c.planned,
  ROUND(CAST(c.implementing + c.planned AS DOUBLE) / NULLIF(pref.municipalities_total, 0), 4),
  c.population_covered,
  t.population_total,
  ROUND(CAST(c.population_covered AS DOUBLE) / NULLIF(t.population_total, 0), 4),
  c.programme_comprehensive_consultation,
  c.programme_multi_agency,
  c.programme_outreach,
  c.programme_participation,
  c.programme_community,
  c.programme_support_meeting,
  c.programme_isolation_council,
  n.implementing,
  n.preparing,
  CASE WHEN n.implementing IS NOT NULL THEN 1741 END,
  ROUND(CAST(n.implementing AS DOUBLE) / 1741, 4),
  n.planned,
  t.population_total,
  '市町村人口の合計',
  t.population_as_of,
  t.population_rough
FROM counts c
CROSS JOIN prefecture pref
LEFT JOIN cumulative cu ON cu.fiscal_year = c.fiscal_year
LEFT JOIN totals t ON t.fiscal_year = c.fiscal_year
LEFT JOIN national n ON n.fiscal_year = c.fiscal_year
ORDER BY level, fiscal_year, area_code
