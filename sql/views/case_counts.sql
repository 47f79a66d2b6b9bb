-- View case_counts (a rollup): 相談実人数 and 新規 per municipality and fiscal
-- year. persons = rows of `cases`; new_persons = those whose opened_on lies
-- inside the FY (on or after April 1 of it, compared as year-month numbers so
-- no date is built per case). Every row comes from one cases partition
-- (municipality_code, fiscal_year), so the local warehouse keeps this view as
-- a table maintained per partition (src/query/rollups.ts); Athena inlines it.
-- Grain: municipality_code x fiscal_year with at least one case.
-- Parameters: none (filter fiscal_year where it is used).
-- Output: municipality_code, fiscal_year, persons, new_persons.
SELECT
  municipality_code,
  fiscal_year,
  COUNT(*) AS persons,
  SUM(CASE WHEN year(opened_on) * 100 + month(opened_on) >= fiscal_year * 100 + 4 THEN 1 ELSE 0 END) AS new_persons
FROM cases
GROUP BY municipality_code, fiscal_year
