-- issues (課題と特性): what people bring and how they arrive, per
-- municipality, region and prefecture and fiscal year.
-- Dimensions: total (N = cases, category 'all'); issue (a case counts once
--   per distinct issue it has, so these do not sum to N); issue_count ('1'
--   or '2_plus' = 複合課題); referral_route; age_band; household_size ('1'..'4',
--   '5_plus', 'unknown'). Every dimension except issue sums to N.
-- Grain: one row per level x area x fiscal_year x dimension x category
--   that has at least one case (absent = 0).
-- Parameters (positional): 1 from_fy, 2 to_fy (inclusive).
-- Output: level, area_code, area_name, region, municipality_code,
--   fiscal_year, dimension, category, count, cases, share
--   (count / cases, 4 decimals).
-- The per-town counts are the case_issue_counts rollup; regions and the
-- prefecture sum them. Names are joined after counting: one lookup per town row.
WITH town AS (
  SELECT c.municipality_code, m.name AS area_name, m.region, c.fiscal_year, c.dimension, c.category, c.cases AS count
  FROM case_issue_counts c
  LEFT JOIN municipalities m ON m.code = c.municipality_code
  WHERE c.fiscal_year BETWEEN ? AND ?
),
all_rows AS (
  SELECT
    'municipality' AS level,
    municipality_code AS area_code,
    area_name,
    region,
    municipality_code,
    fiscal_year,
    dimension,
    category,
    count
  FROM town
  UNION ALL
  SELECT
    'region',
    region,
    region,
    region,
    CAST(NULL AS VARCHAR),
    fiscal_year,
    dimension,
    category,
    SUM(count)
  FROM town
  WHERE region IS NOT NULL
  GROUP BY region, fiscal_year, dimension, category
  UNION ALL
  SELECT
    'prefecture',
    MIN(pref.code),
    MIN(pref.name),
    CAST(NULL AS VARCHAR),
    CAST(NULL AS VARCHAR),
    fiscal_year,
    dimension,
    category,
    SUM(count)
  FROM town
  CROSS JOIN prefecture pref
  GROUP BY fiscal_year, dimension, category
)
SELECT
  r.level,
  r.area_code,
  r.area_name,
  r.region,
  r.municipality_code,
  r.fiscal_year,
  r.dimension,
  r.category,
  r.count,
  n.count AS cases,
  ROUND(CAST(r.count AS DOUBLE) / n.count, 4) AS share
FROM all_rows r
JOIN all_rows n
  ON n.level = r.level
  AND n.area_code = r.area_code
  AND n.fiscal_year = r.fiscal_year
  AND n.dimension = 'total'
ORDER BY r.level, r.area_code, r.fiscal_year, r.dimension, r.category
