-- View population_by_fy: which uploaded `population` row gives each fiscal
-- year its denominator, as a range of fiscal years per row.
-- Rule (data contract): a FY uses the latest row whose as_of is on or before
-- April 1 of that FY; FYs before the earliest row use the earliest row.
-- A row with as_of = a first applies to applies_fy = the first FY whose
-- April 1 is on or after a; of several rows with the same applies_fy the
-- latest as_of wins.
-- Grain: municipality_code x row that applies to at least one FY.
-- Parameters: none.
-- Output: municipality_code, from_fy, to_fy (inclusive), population,
--   aged_65_plus, households, jichikai_count, source, as_of.
SELECT
  municipality_code,
  from_fy,
  to_fy,
  population,
  aged_65_plus,
  households,
  jichikai_count,
  source,
  as_of
FROM (
  SELECT
    municipality_code,
    population,
    aged_65_plus,
    households,
    jichikai_count,
    source,
    as_of,
    CASE
      WHEN ROW_NUMBER() OVER (PARTITION BY municipality_code ORDER BY applies_fy) = 1 THEN 0
      ELSE applies_fy
    END AS from_fy,
    COALESCE(LEAD(applies_fy) OVER (PARTITION BY municipality_code ORDER BY applies_fy) - 1, 9999) AS to_fy
  FROM (
    SELECT
      municipality_code,
      population,
      aged_65_plus,
      households,
      jichikai_count,
      source,
      as_of,
      applies_fy,
      ROW_NUMBER() OVER (PARTITION BY municipality_code, applies_fy ORDER BY as_of DESC) AS rank_in_fy
    FROM (
      SELECT
        municipality_code,
        population,
        aged_65_plus,
        households,
        jichikai_count,
        source,
        as_of,
        CASE
          WHEN month(as_of) < 4 OR (month(as_of) = 4 AND day(as_of) = 1) THEN year(as_of)
          ELSE year(as_of) + 1
        END AS applies_fy
      FROM population
    ) dated
  ) ranked
  WHERE rank_in_fy = 1
) ranged
