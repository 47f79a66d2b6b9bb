-- View latest_population: each municipality's newest uploaded population row
-- (used to find 類似団体, which are chosen once, not per year).
-- Grain: municipality_code.
-- Parameters: none.
-- Output: municipality_code, population, aged_65_plus, source, as_of.
SELECT municipality_code, population, aged_65_plus, source, as_of
FROM (
  SELECT
    municipality_code,
    population,
    aged_65_plus,
    source,
    as_of,
    ROW_NUMBER() OVER (PARTITION BY municipality_code ORDER BY as_of DESC) AS newest_first
  FROM population
) ranked
WHERE newest_first = 1
