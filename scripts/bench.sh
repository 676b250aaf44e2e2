#!/usr/bin/env bash
# `make bench`: complaint creation vs OCA helpdesk_mgmt(_sla) tickets, escalations, the watchdog at
# scale and the reports at 1,000,000 complaints (see bench/README.md).
# A fresh database (property_crm + helpdesk_mgmt_sla, no demo data) is created on each run; the
# benchmark itself works in one transaction that it rolls back, so it can be re-run on the same database.
#   BENCH_DB=...        database name (default property_crm_bench)
#   BENCH_REUSE_DB=1    keep an existing bench database instead of re-creating it
#   BENCH_ARGS="..."    extra arguments for bench/bench_complaints.py (see --help), e.g. --profile
# The OCA addons are downloaded from PyPI into .cache/bench_addons (git-ignored), never into the repo.
source "$(dirname "$0")/lib.sh"
setup_all
BENCH_DB="${BENCH_DB:-property_crm_bench}"
OCA_DIR="$CACHE/bench_addons"
WHEELS="$CACHE/bench_wheels"
BENCH_CONF="$CACHE/bench.conf"

# --- OCA addons (wheels from PyPI, unpacked; their odoo-addon-* requirements followed) -----------
fetch_oca_addon() { # $1 = pip requirement, e.g. "odoo-addon-helpdesk-mgmt>=18.0,<18.1"
    local spec="$1" before after wheel tmp
    mkdir -p "$WHEELS" "$OCA_DIR"
    before="$(ls "$WHEELS")"
    log "pip download $spec"
    "$VENV/bin/pip" download -q --no-deps --disable-pip-version-check -d "$WHEELS" "$spec" >&2 \
        || die "could not download $spec"
    # the wheel of this requirement: the newest one matching its distribution name
    local dist
    dist="$(echo "$spec" | sed -E 's/[<>=!~;, ].*$//' | tr 'A-Z-' 'a-z_')"
    wheel="$(ls -t "$WHEELS"/"$dist"-18.0*.whl 2>/dev/null | head -1 || true)"
    [ -n "$wheel" ] || die "no 18.0 wheel for $spec in $WHEELS"
    tmp="$(mktemp -d)"
    unzip -q -o "$wheel" 'odoo/addons/*' -d "$tmp"
    cp -r "$tmp"/odoo/addons/* "$OCA_DIR"/
    # its other OCA dependencies
    local dep
    for dep in $(unzip -p "$wheel" '*.dist-info/METADATA' | sed -nE 's/^Requires-Dist: (odoo-addon-[A-Za-z0-9_.-]+).*/\1/p'); do
        local addon="${dep#odoo-addon-}"; addon="${addon//-/_}"
        [ -f "$OCA_DIR/$addon/__manifest__.py" ] || fetch_oca_addon "$dep>=18.0,<18.1"
    done
    rm -rf "$tmp"
}
for addon in helpdesk_mgmt helpdesk_mgmt_sla; do
    if [ ! -f "$OCA_DIR/$addon/__manifest__.py" ]; then
        fetch_oca_addon "odoo-addon-${addon//_/-}>=18.0,<18.1"
    fi
done

# --- a conf of its own: the project's one plus the OCA folder ------------------------------------
sed -E "s#^addons_path = (.*)\$#addons_path = \\1,$OCA_DIR#; s#^log_level = .*#log_level = warn#" \
    "$ODOO_CONF" > "$BENCH_CONF"
grep -q "^addons_path = .*$OCA_DIR" "$BENCH_CONF" || die "could not write addons_path into $BENCH_CONF"

# --- fresh database, no demo data ----------------------------------------------------------------
if [ "${BENCH_REUSE_DB:-}" = 1 ] && db_exists "$BENCH_DB"; then
    log "reusing database $BENCH_DB (updating property_crm)"
    "$PY" "$ODOO/odoo-bin" -c "$BENCH_CONF" -d "$BENCH_DB" -u property_crm \
        --without-demo=all --stop-after-init --log-level=warn
else
    drop_db "$BENCH_DB"
    log "creating database $BENCH_DB with property_crm + helpdesk_mgmt_sla (no demo data)"
    "$PY" "$ODOO/odoo-bin" -c "$BENCH_CONF" -d "$BENCH_DB" -i property_crm,helpdesk_mgmt_sla \
        --without-demo=all --stop-after-init --log-level=warn
fi

# each run inserts (up to) a million rows and rolls them back: their dead tuples stay in the heaps
# and indexes until vacuumed, and would slow the next run's index scans
log "VACUUM ANALYZE of the tables the benchmark fills"
PGPASSWORD="$DB_PASSWORD" "$PGBIN/psql" -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$BENCH_DB" -qX \
    -c "VACUUM (ANALYZE) property_crm_complaint, property_crm_clock, mail_followers,
        mail_followers_mail_message_subtype_rel, mail_message, mail_activity, res_partner,
        property_crm_unit, ir_cron_trigger" >&2

log "running the benchmark on $BENCH_DB"
cd "$REPO"
# shellcheck disable=SC2086
exec "$PY" "$REPO/bench/bench_complaints.py" -c "$BENCH_CONF" -d "$BENCH_DB" ${BENCH_ARGS:-}
