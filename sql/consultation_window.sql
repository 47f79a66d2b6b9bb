-- consultation_window (相談件数推移, a month window): each municipality's
-- consultations and meetings over some months of one fiscal year, for
-- 4〜9月-style figures and the same months of the year before (前年同期比).
-- persons = that FY's cases open at some point in the window (opened on or
-- before its last month, not closed before its first: a case continuing
-- from an earlier year counts from April); new_persons = cases opened
-- inside the window; contacts and meetings = sums of the window's monthly
-- `activities`; months_reported = months of tallies inside the window.
-- Region and prefecture figures are sums of these rows, made by the
-- service from what each viewer may see (never here).
-- Grain: one row per municipality with any case or tally for the FY.
-- Parameters (positional): 1 fiscal_year, 2 first month, 3 last month
--   (months as year*100+month, e.g. 202304 for April 2023), inclusive.
-- Output: municipality_code, fiscal_year, persons, new_persons,
--   continuing_persons, contacts, support_meetings, juso_meetings,
--   meeting_cases, months_reported.
WITH win AS (
  SELECT CAST(? AS INTEGER) AS fiscal_year, CAST(? AS INTEGER) AS first_month, CAST(? AS INTEGER) AS last_month
),
case_window AS (
  SELECT
    c.municipality_code,
    c.fiscal_year,
    COUNT(*) AS persons,
    SUM(CASE WHEN year(c.opened_on) * 100 + month(c.opened_on) >= w.first_month THEN 1 ELSE 0 END) AS new_persons
  FROM cases c
  CROSS JOIN win w
  WHERE c.fiscal_year = w.fiscal_year
    AND year(c.opened_on) * 100 + month(c.opened_on) <= w.last_month
    AND (c.closed_on IS NULL OR year(c.closed_on) * 100 + month(c.closed_on) >= w.first_month)
  GROUP BY c.municipality_code, c.fiscal_year
),
tally_window AS (
  SELECT
    a.municipality_code,
    a.fiscal_year,
    SUM(a.contacts) AS contacts,
    SUM(a.support_meetings) AS support_meetings,
    SUM(a.juso_meetings) AS juso_meetings,
    SUM(a.meeting_cases) AS meeting_cases,
    COUNT(*) AS months_reported
  FROM activities a
  CROSS JOIN win w
  WHERE a.fiscal_year = w.fiscal_year
    AND year(a.month) * 100 + month(a.month) BETWEEN w.first_month AND w.last_month
  GROUP BY a.municipality_code, a.fiscal_year
)
SELECT
  COALESCE(c.municipality_code, t.municipality_code) AS municipality_code,
  COALESCE(c.fiscal_year, t.fiscal_year) AS fiscal_year,
  COALESCE(c.persons, 0) AS persons,
  COALESCE(c.new_persons, 0) AS new_persons,
  COALESCE(c.persons, 0) - COALESCE(c.new_persons, 0) AS continuing_persons,
  t.contacts,
  t.support_meetings,
  t.juso_meetings,
  t.meeting_cases,
  COALESCE(t.months_reported, 0) AS months_reported
FROM case_window c
FULL OUTER JOIN tally_window t
  ON t.municipality_code = c.municipality_code AND t.fiscal_year = c.fiscal_year
ORDER BY municipality_code
