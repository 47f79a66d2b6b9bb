-- View town_fy: per municipality and fiscal year, the counts behind every
-- consultation figure, with the population the FY's rates divide by.
-- persons and new_persons come from case_counts (相談実人数, 新規), the rest
-- of persons is 継続; contacts and meetings = sums of the monthly
-- `activities`. A union then one GROUP BY (not a join) so that a fiscal_year
-- filter on this view reaches both sides.
-- Population: population_by_fy, else the reference default (rough flag).
-- Grain: municipality_code x fiscal_year with any case or activity row.
-- Parameters: none (filter fiscal_year where it is used).
-- Output: municipality_code, fiscal_year, area_name, region, persons,
--   new_persons, continuing_persons, contacts, support_meetings,
--   juso_meetings, meeting_cases, months_reported, population,
--   aged_65_plus (uploaded rows only), population_source, population_as_of, population_rough.
SELECT
  t.municipality_code,
  t.fiscal_year,
  m.name AS area_name,
  m.region,
  t.persons,
  t.new_persons,
  t.persons - t.new_persons AS continuing_persons,
  t.contacts,
  t.support_meetings,
  t.juso_meetings,
  t.meeting_cases,
  t.months_reported,
  COALESCE(p.population, m.population) AS population,
  p.aged_65_plus,
  CASE WHEN p.population IS NOT NULL THEN p.source ELSE m.population_basis END AS population_source,
  CAST(p.as_of AS VARCHAR) AS population_as_of,
  CASE WHEN p.population IS NOT NULL THEN FALSE ELSE COALESCE(m.population_rough, FALSE) END AS population_rough
FROM (
  SELECT
    municipality_code,
    fiscal_year,
    SUM(persons) AS persons,
    SUM(new_persons) AS new_persons,
    SUM(contacts) AS contacts,
    SUM(support_meetings) AS support_meetings,
    SUM(juso_meetings) AS juso_meetings,
    SUM(meeting_cases) AS meeting_cases,
    SUM(is_month) AS months_reported
  FROM (
    SELECT
      municipality_code,
      fiscal_year,
      persons,
      new_persons,
      CAST(NULL AS INTEGER) AS contacts,
      CAST(NULL AS INTEGER) AS support_meetings,
      CAST(NULL AS INTEGER) AS juso_meetings,
      CAST(NULL AS INTEGER) AS meeting_cases,
      CAST(NULL AS INTEGER) AS is_month
    FROM case_counts
    UNION ALL
    SELECT
      municipality_code,
      fiscal_year,
      CAST(NULL AS BIGINT),
      CAST(NULL AS BIGINT),
      contacts,
      support_meetings,
      juso_meetings,
      meeting_cases,
      1
    FROM activities
  ) facts
  GROUP BY municipality_code, fiscal_year
) t
LEFT JOIN municipalities m ON m.code = t.municipality_code
LEFT JOIN population_by_fy p
  ON p.municipality_code = t.municipality_code AND t.fiscal_year BETWEEN p.from_fy AND p.to_fy
