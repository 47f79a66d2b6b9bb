-- benchmark (人口規模等が近い市町村・圏域・県との比較, 先輩事例): every municipality's
-- per-10,000 rates against its peers (人口規模等が近い市町村), its region and the
-- prefecture, and the same counts aligned on years since each town's first
-- 実施 FY.
-- Peers (人口規模等が近い市町村): per fiscal year, the 3 nearest towns that
--   reported that year and ran the programme (実施, or no status entered
--   for the year yet), in standardised
--   (ln population, 65歳以上割合) space, from each town's population row of
--   that FY (else its reference default; a town without an aging rate sits
--   at the mean on that axis), scaled by the spread across all towns; ties
--   broken by code.
-- Peer, region and prefecture figures are pooled: sum of counts over sum of
--   the populations of the towns that reported that metric in that FY.
-- Levels: municipality = one town x FY x metric; cohort = all towns at the
--   same years_since_implementation x metric (fiscal_year null).
-- Metrics: persons, contacts, support_meetings, juso_meetings, meeting_cases.
-- Grain: municipality x fiscal_year x metric; years_since x metric.
-- Parameters (positional): 1 from_fy, 2 to_fy (inclusive).
-- Output: level, area_code, area_name, region, municipality_code,
--   fiscal_year, years_since_implementation, first_implemented_fy, metric,
--   value, population, per_10k, population_source, population_as_of,
--   population_rough, aging_rate (65歳以上割合 of the FY's population row),
--   peer1_code, peer2_code, peer3_code, peer_value,
--   peer_population, peer_per_10k, region_value, region_population,
--   region_per_10k, prefecture_value, prefecture_population,
--   prefecture_per_10k, municipalities.
WITH town AS (
  SELECT * FROM town_fy WHERE fiscal_year BETWEEN ? AND ?
),
metric_rows AS (
  SELECT municipality_code, fiscal_year, 'persons' AS metric, persons AS value FROM town
  UNION ALL
  SELECT municipality_code, fiscal_year, 'contacts', contacts FROM town
  UNION ALL
  SELECT municipality_code, fiscal_year, 'support_meetings', support_meetings FROM town
  UNION ALL
  SELECT municipality_code, fiscal_year, 'juso_meetings', juso_meetings FROM town
  UNION ALL
  SELECT municipality_code, fiscal_year, 'meeting_cases', meeting_cases FROM town
),
reported AS (
  SELECT r.municipality_code, r.fiscal_year, r.metric, r.value, t.population
  FROM metric_rows r
  JOIN town t ON t.municipality_code = r.municipality_code AND t.fiscal_year = r.fiscal_year
  WHERE r.value IS NOT NULL
),
-- Peers are chosen per fiscal year among the towns that reported that year
-- and ran the programme (実施, or no 実施状況 entered yet for that year), so
-- every town that reports has peers with figures; once a year is reported
-- the group stays as it is.
candidates AS (
  SELECT t.municipality_code AS code, t.fiscal_year
  FROM town t
  LEFT JOIN implementation i ON i.municipality_code = t.municipality_code AND i.fiscal_year = t.fiscal_year
  -- A year the prefecture has not yet entered a status for counts as running it: the town reported.
  WHERE i.status = 'implementing' OR i.status IS NULL
),
profile AS (
  SELECT
    m.code,
    ln(CAST(COALESCE(lp.population, m.population) AS DOUBLE)) AS log_population,
    CAST(lp.aged_65_plus AS DOUBLE) / lp.population AS aging_rate
  FROM municipalities m
  LEFT JOIN latest_population lp ON lp.municipality_code = m.code
),
spread AS (
  SELECT
    AVG(log_population) AS mean_pop,
    STDDEV_SAMP(log_population) AS sd_pop,
    AVG(aging_rate) AS mean_aging,
    STDDEV_SAMP(aging_rate) AS sd_aging
  FROM profile
),
-- Each reporting town's profile in that year (the FY's population row, else
-- the reference default), on the scale of the spread across all towns.
standardised AS (
  SELECT
    t.municipality_code AS code,
    t.fiscal_year,
    COALESCE((ln(CAST(t.population AS DOUBLE)) - s.mean_pop) / NULLIF(s.sd_pop, 0), 0) AS z_pop,
    COALESCE((CAST(t.aged_65_plus AS DOUBLE) / t.population - s.mean_aging) / NULLIF(s.sd_aging, 0), 0) AS z_aging,
    CASE WHEN c.code IS NOT NULL THEN 1 ELSE 0 END AS candidate
  FROM town t
  CROSS JOIN spread s
  LEFT JOIN candidates c ON c.code = t.municipality_code AND c.fiscal_year = t.fiscal_year
),
-- Ranking every pair (1,741² a year nationally) is the costly part, so each
-- town's 3rd-nearest distance is first bounded by the 3rd nearest candidate
-- among its 40 neighbours on the population axis; every true peer lies
-- within that radius (its population-axis term alone cannot exceed its
-- distance), so only candidates that close on that axis are ranked, found
-- by a range join (slightly widened against rounding; the exact test
-- follows) — exactly the same peers as ranking all pairs. A town with
-- fewer than 3 candidates in that band is ranked against all of them.
axis_order AS (
  SELECT
    code,
    fiscal_year,
    z_pop,
    z_aging,
    candidate,
    ROW_NUMBER() OVER (PARTITION BY fiscal_year ORDER BY z_pop, code) AS pos
  FROM standardised
),
axis_neighbours AS (
  SELECT
    a.code,
    a.fiscal_year,
    ROW_NUMBER() OVER (
      PARTITION BY a.code, a.fiscal_year
      ORDER BY (a.z_pop - b.z_pop) * (a.z_pop - b.z_pop) + (a.z_aging - b.z_aging) * (a.z_aging - b.z_aging)
    ) AS k,
    (a.z_pop - b.z_pop) * (a.z_pop - b.z_pop) + (a.z_aging - b.z_aging) * (a.z_aging - b.z_aging) AS distance
  FROM axis_order a
  JOIN axis_order b
    ON b.fiscal_year = a.fiscal_year AND b.pos BETWEEN a.pos - 20 AND a.pos + 20 AND b.pos <> a.pos
  WHERE b.candidate = 1
),
bounded AS (
  SELECT
    s.code,
    s.fiscal_year,
    s.z_pop,
    s.z_aging,
    r.distance AS radius,
    COALESCE(sqrt(r.distance) * 1.000001 + 0.000001, 1e300) AS reach
  FROM standardised s
  LEFT JOIN axis_neighbours r ON r.code = s.code AND r.fiscal_year = s.fiscal_year AND r.k = 3
),
nearest AS (
  SELECT
    a.code,
    a.fiscal_year,
    b.code AS peer_code,
    ROW_NUMBER() OVER (
      PARTITION BY a.code, a.fiscal_year
      ORDER BY (a.z_pop - b.z_pop) * (a.z_pop - b.z_pop) + (a.z_aging - b.z_aging) * (a.z_aging - b.z_aging), b.code
    ) AS peer_rank
  FROM bounded a
  JOIN standardised b
    ON b.fiscal_year = a.fiscal_year AND b.z_pop >= a.z_pop - a.reach AND b.z_pop <= a.z_pop + a.reach
  WHERE a.code <> b.code
    AND b.candidate = 1
    AND (a.radius IS NULL OR (a.z_pop - b.z_pop) * (a.z_pop - b.z_pop) <= a.radius)
),
peers AS (
  SELECT code, fiscal_year, peer_code, peer_rank FROM nearest WHERE peer_rank <= 3
),
peer_codes AS (
  SELECT
    code,
    fiscal_year,
    MAX(CASE WHEN peer_rank = 1 THEN peer_code END) AS peer1_code,
    MAX(CASE WHEN peer_rank = 2 THEN peer_code END) AS peer2_code,
    MAX(CASE WHEN peer_rank = 3 THEN peer_code END) AS peer3_code
  FROM peers
  GROUP BY code, fiscal_year
),
peer_sum AS (
  SELECT p.code AS municipality_code, r.fiscal_year, r.metric, SUM(r.value) AS value, SUM(r.population) AS population
  FROM peers p
  JOIN reported r ON r.municipality_code = p.peer_code AND r.fiscal_year = p.fiscal_year
  GROUP BY p.code, r.fiscal_year, r.metric
),
region_sum AS (
  SELECT m.region, r.fiscal_year, r.metric, SUM(r.value) AS value, SUM(r.population) AS population
  FROM reported r
  JOIN municipalities m ON m.code = r.municipality_code
  WHERE m.region IS NOT NULL
  GROUP BY m.region, r.fiscal_year, r.metric
),
prefecture_sum AS (
  SELECT fiscal_year, metric, SUM(value) AS value, SUM(population) AS population
  FROM reported
  GROUP BY fiscal_year, metric
),
first_implemented AS (
  SELECT municipality_code, MIN(fiscal_year) AS first_implemented_fy
  FROM implementation
  WHERE status = 'implementing'
  GROUP BY municipality_code
)
SELECT
  'municipality' AS level,
  r.municipality_code AS area_code,
  t.area_name,
  t.region,
  r.municipality_code,
  r.fiscal_year,
  r.fiscal_year - f.first_implemented_fy AS years_since_implementation,
  f.first_implemented_fy,
  r.metric,
  r.value,
  r.population,
  ROUND(CAST(r.value AS DOUBLE) * 10000 / r.population, 2) AS per_10k,
  t.population_source,
  t.population_as_of,
  t.population_rough,
  ROUND(CAST(t.aged_65_plus AS DOUBLE) / t.population, 4) AS aging_rate,
  pc.peer1_code,
  pc.peer2_code,
  pc.peer3_code,
  ps.value AS peer_value,
  ps.population AS peer_population,
  ROUND(CAST(ps.value AS DOUBLE) * 10000 / ps.population, 2) AS peer_per_10k,
  rs.value AS region_value,
  rs.population AS region_population,
  ROUND(CAST(rs.value AS DOUBLE) * 10000 / rs.population, 2) AS region_per_10k,
  pf.value AS prefecture_value,
  pf.population AS prefecture_population,
  ROUND(CAST(pf.value AS DOUBLE) * 10000 / pf.population, 2) AS prefecture_per_10k,
  CAST(NULL AS BIGINT) AS municipalities
FROM reported r
JOIN town t ON t.municipality_code = r.municipality_code AND t.fiscal_year = r.fiscal_year
LEFT JOIN first_implemented f ON f.municipality_code = r.municipality_code
LEFT JOIN peer_codes pc ON pc.code = r.municipality_code AND pc.fiscal_year = r.fiscal_year
LEFT JOIN peer_sum ps
  ON ps.municipality_code = r.municipality_code AND ps.fiscal_year = r.fiscal_year AND ps.metric = r.metric
LEFT JOIN region_sum rs ON rs.region = t.region AND rs.fiscal_year = r.fiscal_year AND rs.metric = r.metric
LEFT JOIN prefecture_sum pf ON pf.fiscal_year = r.fiscal_year AND pf.metric = r.metric
UNION ALL
SELECT
  'cohort',
  CAST(r.fiscal_year - f.first_implemented_fy AS VARCHAR),
  CAST(NULL AS VARCHAR),
  CAST(NULL AS VARCHAR),
  CAST(NULL AS VARCHAR),
  CAST(NULL AS INTEGER),
  r.fiscal_year - f.first_implemented_fy,
  CAST(NULL AS INTEGER),
  r.metric,
  SUM(r.value),
  SUM(r.population),
  ROUND(CAST(SUM(r.value) AS DOUBLE) * 10000 / SUM(r.population), 2),
  '市町村人口の合計',
  CAST(NULL AS VARCHAR),
  CAST(NULL AS BOOLEAN),
  CAST(NULL AS DOUBLE),
  CAST(NULL AS VARCHAR),
  CAST(NULL AS VARCHAR),
  CAST(NULL AS VARCHAR),
  CAST(NULL AS BIGINT),
  CAST(NULL AS BIGINT),
  CAST(NULL AS DOUBLE),
  CAST(NULL AS BIGINT),
  CAST(NULL AS BIGINT),
  CAST(NULL AS DOUBLE),
  CAST(NULL AS BIGINT),
  CAST(NULL AS BIGINT),
  CAST(NULL AS DOUBLE),
  COUNT(*)
FROM reported r
JOIN first_implemented f ON f.municipality_code = r.municipality_code
GROUP BY r.fiscal_year - f.first_implemented_fy, r.metric
ORDER BY level, area_code, fiscal_year, metric
