-- View case_issue_counts (a rollup): how many cases of a municipality and
-- fiscal year fall in each category of each 課題と特性 dimension.
-- Dimensions: total (category 'all': every case, N); issue (a case counts
--   once per distinct issue it has, so these do not sum to N); issue_count
--   ('1' or '2_plus' = 複合課題, cases with at least one issue);
--   referral_route; age_band; household_size ('1'..'4', '5_plus', 'unknown').
-- Every row comes from one cases partition (municipality_code, fiscal_year),
--   so the local warehouse keeps this view as a table maintained per
--   partition (src/query/rollups.ts) and regions and the prefecture are sums
--   of its rows; Athena inlines it.
-- Grain: municipality_code x fiscal_year x dimension x category with at
--   least one case (absent = 0).
-- Parameters: none (filter fiscal_year where it is used).
-- Output: municipality_code, fiscal_year, dimension, category, cases.
WITH base AS (
  SELECT
    municipality_code,
    fiscal_year,
    case_id,
    referral_route,
    age_band,
    CASE
      WHEN household_size IS NULL THEN 'unknown'
      WHEN household_size >= 5 THEN '5_plus'
      ELSE CAST(household_size AS VARCHAR)
    END AS household_band,
    issues
  FROM cases
),
case_issue AS (
  SELECT DISTINCT b.municipality_code, b.fiscal_year, b.case_id, u.issue
  FROM base b
  CROSS JOIN UNNEST(b.issues) AS u(issue)
),
issue_count AS (
  SELECT municipality_code, fiscal_year, case_id, COUNT(*) AS n
  FROM case_issue
  GROUP BY municipality_code, fiscal_year, case_id
)
-- The dimensions with one category per case in one pass over the cases.
SELECT
  municipality_code,
  fiscal_year,
  CASE
    WHEN GROUPING(referral_route) = 0 THEN 'referral_route'
    WHEN GROUPING(age_band) = 0 THEN 'age_band'
    WHEN GROUPING(household_band) = 0 THEN 'household_size'
    ELSE 'total'
  END AS dimension,
  CASE
    WHEN GROUPING(referral_route) = 0 THEN referral_route
    WHEN GROUPING(age_band) = 0 THEN age_band
    WHEN GROUPING(household_band) = 0 THEN household_band
    ELSE 'all'
  END AS category,
  COUNT(*) AS cases
FROM base
GROUP BY GROUPING SETS (
  (municipality_code, fiscal_year),
  (municipality_code, fiscal_year, referral_route),
  (municipality_code, fiscal_year, age_band),
  (municipality_code, fiscal_year, household_band)
)
UNION ALL
SELECT municipality_code, fiscal_year, 'issue_count', band, COUNT(*)
FROM (
  SELECT municipality_code, fiscal_year, CASE WHEN n >= 2 THEN '2_plus' ELSE '1' END AS band
  FROM issue_count
) banded
GROUP BY municipality_code, fiscal_year, band
UNION ALL
SELECT municipality_code, fiscal_year, 'issue', issue, COUNT(*)
FROM case_issue
GROUP BY municipality_code, fiscal_year, issue
