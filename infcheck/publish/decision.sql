-- Which driver Windows Update offers to each device: the rules of infcheck/publish/simulate.py as one
-- relational query, run unchanged by DuckDB and by Spark SQL (portable SQL only: joins, aggregates,
-- window functions, MIN_BY). Statements are separated by semicolons and each defines one view.
--
-- The runtime provides these tables (infcheck/publish/fleet.py builds them):
--   fleet_devices(row_id, system, device, device_class, chid_set, installed)   one row per device
--       device_class numbers the distinct (hwids, compatible_ids) pairs, chid_set the distinct CHID sets
--   fleet_class_ids(device_class, position, is_hardware, id_position, id)
--       the IDs of each distinct (hwids, compatible_ids) pair; position counts hardware IDs first
--   fleet_set_chids(chid_set, chid)                                    CHIDs, computed once per SMBIOS tuple
--   fleet_drivers(driver, ordinal, package, published, targeted, signature_score, date_ordinal, v1, v2, v3, v4)
--   fleet_entry_ids(driver, entry, is_hardware, k, id, feature_score)  the IDs of each Models entry
--   fleet_targets(driver, chid)                                        a targeted driver's CHIDs
--
-- Identifier score of one Models entry for a device (how-windows-ranks-driver-packages): the
-- first device hardware ID equal to the entry's hardware ID wins outright (score i); otherwise
-- the best device-hardware-ID/entry-compatible-ID match (0x1000 + i + 0x100 k); otherwise the
-- best match of a device compatible ID (0x2000 + j, or 0x3000 + j + 0x100 k). The grade in the
-- high bits keeps those three tiers apart however large the positions are.
CREATE OR REPLACE TEMPORARY VIEW fleet_entry_scores AS
SELECT
    c.device_class,
    e.driver,
    e.entry,
    e.feature_score,
    MIN(
        CASE
            WHEN c.is_hardware AND e.is_hardware THEN CAST(c.id_position AS BIGINT)
            WHEN c.is_hardware THEN CAST(4294967296 AS BIGINT) + 4096 + c.id_position + 256 * e.k
            WHEN e.is_hardware THEN CAST(8589934592 AS BIGINT) + 8192 + c.id_position
            ELSE CAST(8589934592 AS BIGINT) + 12288 + c.id_position + 256 * e.k
        END
    ) AS graded_score,
    MIN(c.position) AS first_position
FROM fleet_class_ids AS c
JOIN fleet_entry_ids AS e ON c.id = e.id
GROUP BY c.device_class, e.driver, e.entry, e.feature_score;

-- A driver's rank for a device class is its best entry's: signature + FeatureScore * 0x10000 + identifier score.
CREATE OR REPLACE TEMPORARY VIEW fleet_class_drivers AS
SELECT
    s.device_class,
    s.driver,
    MIN(d.signature_score + CAST(s.feature_score AS BIGINT) * 65536 + s.graded_score % 4294967296) AS driver_rank,
    MIN(s.first_position) AS first_position
FROM fleet_entry_scores AS s
JOIN fleet_drivers AS d ON d.driver = s.driver
GROUP BY s.device_class, s.driver;

-- PnP order within a device class: lower rank, then newer DriverVer date, then higher version.
-- key_order is equal for drivers PnP cannot tell apart (the offer compares with it);
-- pick_order also breaks those ties as the reference engine does, by the first device ID
-- that found the driver and then by the driver's place in the scenario.
CREATE OR REPLACE TEMPORARY VIEW fleet_class_ranking AS
SELECT
    cd.device_class,
    cd.driver,
    d.package,
    d.published,
    d.targeted,
    DENSE_RANK() OVER (
        PARTITION BY cd.device_class
        ORDER BY cd.driver_rank, d.date_ordinal DESC, d.v1 DESC, d.v2 DESC, d.v3 DESC, d.v4 DESC
    ) AS key_order,
    ROW_NUMBER() OVER (
        PARTITION BY cd.device_class
        ORDER BY cd.driver_rank, d.date_ordinal DESC, d.v1 DESC, d.v2 DESC, d.v3 DESC, d.v4 DESC,
            cd.first_position, d.ordinal
    ) AS pick_order
FROM fleet_class_drivers AS cd
JOIN fleet_drivers AS d ON d.driver = cd.driver;

-- The targeted drivers each CHID set is targeted by (installation and distribution CHIDs already intersected).
CREATE OR REPLACE TEMPORARY VIEW fleet_set_targets AS
SELECT DISTINCT sc.chid_set, t.driver
FROM fleet_set_chids AS sc
JOIN fleet_targets AS t ON t.chid = sc.chid;

-- The decision depends only on the device's IDs, the system's CHIDs and the installed driver, so
-- it is made once per distinct case (with the number of devices in it), not once per device.
CREATE OR REPLACE TEMPORARY VIEW fleet_cases AS
SELECT device_class, chid_set, installed, COUNT(*) AS devices
FROM fleet_devices
GROUP BY device_class, chid_set, installed;

CREATE OR REPLACE TEMPORARY VIEW fleet_situations AS
SELECT DISTINCT device_class, chid_set FROM fleet_cases;

-- Every published candidate in every situation, with its preference: 0 for a targeted driver that
-- applies to the system (a CHID match beats any rank), 1 for an untargeted one, 2 for a targeted
-- driver that does not apply (never chosen, but named when it is all there is).
CREATE OR REPLACE TEMPORARY VIEW fleet_candidates AS
SELECT
    s.device_class,
    s.chid_set,
    r.driver,
    r.package,
    r.key_order,
    CAST(
        CASE WHEN NOT r.targeted THEN 1 WHEN st.driver IS NOT NULL THEN 0 ELSE 2 END AS BIGINT
    ) * 1000000000 + r.pick_order AS preference
FROM fleet_situations AS s
JOIN fleet_class_ranking AS r ON r.device_class = s.device_class AND r.published
LEFT JOIN fleet_set_targets AS st ON st.chid_set = s.chid_set AND st.driver = r.driver;

CREATE OR REPLACE TEMPORARY VIEW fleet_best AS
SELECT
    device_class,
    chid_set,
    MIN(preference) AS preference,
    MIN_BY(driver, preference) AS driver,
    MIN_BY(package, preference) AS package,
    MIN_BY(key_order, preference) AS key_order
FROM fleet_candidates
GROUP BY device_class, chid_set;

-- The offer: the choice unless that driver (or its package) is installed, or the installed driver
-- matches the device and ranks at least as well.
CREATE OR REPLACE TEMPORARY VIEW fleet_decided AS
SELECT
    v.device_class,
    v.chid_set,
    v.installed,
    v.devices,
    CASE WHEN b.preference < 2000000000 THEN b.driver END AS choice,
    CASE
        WHEN b.preference IS NULL OR b.preference >= 2000000000 THEN NULL
        WHEN v.installed IS NULL THEN b.driver
        WHEN v.installed = b.driver THEN NULL
        WHEN i.package = b.package THEN NULL
        WHEN ir.key_order IS NULL THEN b.driver
        WHEN b.key_order < ir.key_order THEN b.driver
        ELSE NULL
    END AS offer,
    b.driver AS best_candidate
FROM fleet_cases AS v
LEFT JOIN fleet_best AS b ON b.device_class = v.device_class AND b.chid_set = v.chid_set
LEFT JOIN fleet_drivers AS i ON i.driver = v.installed
LEFT JOIN fleet_class_ranking AS ir ON ir.device_class = v.device_class AND ir.driver = v.installed;

-- What the release manager counts: offered, already installed (the installed driver is kept),
-- blocked by targeting (published drivers match but none is targeted to the system), not
-- applicable (no published driver lists the device). The driver is the choice, or the best
-- blocked one.
CREATE OR REPLACE TEMPORARY VIEW fleet_outcomes AS
SELECT
    device_class,
    chid_set,
    installed,
    devices,
    choice,
    offer,
    CASE
        WHEN offer IS NOT NULL THEN 'offered'
        WHEN choice IS NOT NULL THEN 'already installed'
        WHEN best_candidate IS NOT NULL THEN 'blocked by targeting'
        ELSE 'not applicable'
    END AS outcome,
    best_candidate AS driver
FROM fleet_decided;

-- Each device with the decision of its case.
CREATE OR REPLACE TEMPORARY VIEW fleet_results AS
SELECT
    d.row_id,
    d.system,
    d.device,
    d.device_class,
    d.chid_set,
    d.installed,
    o.choice,
    o.offer,
    o.outcome,
    o.driver
FROM fleet_devices AS d
JOIN fleet_outcomes AS o
    ON o.device_class = d.device_class AND o.chid_set = d.chid_set AND o.installed IS NOT DISTINCT FROM d.installed;
