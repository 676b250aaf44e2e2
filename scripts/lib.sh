#!/usr/bin/env bash
# Shared helpers for `make run` / `make test`: find Odoo, the virtualenv and a PostgreSQL server.
# Every step is safe to repeat. Nothing here fetches Odoo: point ODOO_PATH at an Odoo 18.0 source tree.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$REPO/.cache"
VENV="${VENV:-$REPO/.venv}"
PY="$VENV/bin/python"
DB_USER="${DB_USER:-odoo}"
DB_PASSWORD="${DB_PASSWORD:-odoo}"
DB_HOST="${DB_HOST:-localhost}"
mkdir -p "$CACHE"

log() { printf '[property_crm] %s\n' "$*" >&2; }
die() { printf '[property_crm] ERROR: %s\n' "$*" >&2; exit 1; }

is_odoo_tree() { [ -f "$1/odoo-bin" ] && [ -f "$1/odoo/release.py" ] && [ -d "$1/addons" ]; }

find_odoo() {
    if [ -n "${ODOO_PATH:-}" ]; then
        is_odoo_tree "$ODOO_PATH" || die "ODOO_PATH=$ODOO_PATH is not an Odoo 18.0 source tree (no odoo-bin, odoo/release.py, addons/)."
        ODOO="$(cd "$ODOO_PATH" && pwd)"; return
    fi
    for candidate in /opt/odoo18 /opt/odoo /usr/lib/python3/dist-packages/odoo/..; do
        if is_odoo_tree "$candidate"; then ODOO="$(cd "$candidate" && pwd)"; return; fi
    done
    local imported
    imported="$(python3 -c 'import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__)))' 2>/dev/null || true)"
    if [ -n "$imported" ] && is_odoo_tree "$imported"; then ODOO="$imported"; return; fi
    die "Odoo 18.0 not found. Set ODOO_PATH to an Odoo 18.0 source tree (the folder holding odoo-bin), e.g. ODOO_PATH=/opt/odoo18 make test"
}

ensure_venv() {
    local stamp="$VENV/.requirements.sha"
    local want
    want="$(cat "$REPO/requirements.txt" "$REPO/constraints.txt" | sha256sum | cut -c1-16)"
    if [ -x "$PY" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return; fi
    if ! command -v pg_config >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        apt_install libpq-dev
    fi
    log "installing Python requirements into $VENV"
    [ -x "$PY" ] || python3 -m venv "$VENV"
    # PIP_CONSTRAINT reaches pip's isolated build environments too (setuptools<70 for old sdists).
    # pip splits that variable on spaces: it gets the file as a URL, spaces and % encoded.
    local constraints_url
    constraints_url="file://$(printf '%s' "$REPO/constraints.txt" | sed 's/%/%25/g; s/ /%20/g')"
    PIP_CONSTRAINT="$constraints_url" "$VENV/bin/pip" install -q --disable-pip-version-check \
        -r "$REPO/requirements.txt" -c "$REPO/constraints.txt"
    echo "$want" > "$stamp"
}

APT_UPDATED=""
apt_install() {
    [ "$(id -u)" = 0 ] || die "missing system packages ($*); install them or run as root"
    if [ -z "$APT_UPDATED" ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2; APT_UPDATED=1; fi
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# PDF reports need wkhtmltopdf and a CJK font for the Chinese text.
ensure_pdf_tools() {
    local missing=()
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)  # the tests read the PDFs back
    # no grep -q: it closes the pipe early and pipefail would report fc-list's SIGPIPE
    [ "$(fc-list 2>/dev/null | grep -ci 'cjk')" -gt 0 ] || missing+=(fonts-noto-cjk)
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" = 0 ]; then apt_install "${missing[@]}"; else log "PDF reports need: ${missing[*]}"; fi
    fi
}

# Odoo's tours (HttpCase.start_tour) drive a headless Chromium found in PATH (odoo/tests/common.py
# looks for google-chrome, chromium, chromium-browser): Debian's chromium, installed like wkhtmltopdf.
chromium_bin() {
    local bin
    for bin in google-chrome chromium chromium-browser google-chrome-stable; do
        command -v "$bin" >/dev/null 2>&1 && { command -v "$bin"; return; }
    done
    return 1
}
ensure_chromium() {
    chromium_bin >/dev/null && return
    if [ "$(id -u)" = 0 ]; then apt_install chromium; else log "the tours need Chromium: apt-get install chromium"; fi
}

pg_bindir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
    return 1
}

db_answers() { # can our role log in on DB_HOST:DB_PORT?
    PGPASSWORD="$DB_PASSWORD" "$PGBIN/psql" -h "$DB_HOST" -p "$1" -U "$DB_USER" -d postgres -Atqc 'select 1' >/dev/null 2>&1
}

# One word for sh -c / su -c: the value in single quotes, its own quotes escaped.
shq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# The project-local cluster's port: this checkout's own, derived from its path (20000-29999), so
# that a second checkout never puts its databases into the first one's cluster.
local_pg_port() { echo $((20000 + $(printf '%s' "$REPO" | cksum | cut -d' ' -f1) % 10000)); }

# Use a server that answers; otherwise run a project-local cluster (as the postgres OS user: initdb
# refuses root, Odoo refuses the postgres role) with a role of Odoo's own.
# DB_PORT, when set, wins over everything: that server is used as it is, nothing is started.
ensure_postgres() {
    PGBIN="$(pg_bindir || true)"
    if [ -z "$PGBIN" ]; then apt_install postgresql; PGBIN="$(pg_bindir)"; fi
    if [ -n "${DB_PORT:-}" ]; then
        db_answers "$DB_PORT" || die "no PostgreSQL answers for role $DB_USER on $DB_HOST:$DB_PORT"
        return
    fi
    if db_answers 5432; then DB_PORT=5432; return; fi
    local pgdata="$CACHE/pgdata" runas="" owner
    if [ "$(id -u)" = 0 ]; then
        owner="${PG_OS_USER:-postgres}"
        id "$owner" >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$owner"
        # the cluster owner must be able to reach the folder; fall back to /var/tmp when it cannot
        if ! su -s /bin/sh "$owner" -c "test -x $(shq "$CACHE")" 2>/dev/null; then
            pgdata="/var/tmp/property_crm-pg-$(printf '%s' "$REPO" | sha256sum | cut -c1-8)"
        fi
        runas="$owner"
    fi
    run_pg() { # the command's words, each quoted for the shell su or sh starts
        local cmd="" word
        for word in "$@"; do cmd="$cmd $(shq "$word")"; done
        if [ -n "$runas" ]; then su -s /bin/sh "$runas" -c "$cmd"; else sh -c "$cmd"; fi
    }
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        log "creating a project-local PostgreSQL cluster in $pgdata"
        mkdir -p "$pgdata"; [ -n "$runas" ] && chown "$runas" "$pgdata"; chmod 700 "$pgdata"
        # the OS user that owns the cluster logs in over its socket (peer); everyone else, Odoo's
        # role included, with a password over TCP (scram-sha-256)
        run_pg "$PGBIN/initdb" -D "$pgdata" --auth-local=peer --auth-host=scram-sha-256 -E UTF8 \
            --locale=C.UTF-8 >/dev/null
    fi
    secure_pg_hba "$pgdata"
    local running_port=""
    if run_pg "$PGBIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
        running_port="$(sed -n 4p "$pgdata/postmaster.pid")"
    fi
    if [ -n "$running_port" ]; then
        # this checkout's cluster already runs (perhaps on the port an older setup chose): use it
        DB_PORT="${LOCAL_PG_PORT:-$running_port}"
        [ "$DB_PORT" = "$running_port" ] || die "this checkout's cluster ($pgdata) runs on port" \
            "$running_port, not LOCAL_PG_PORT=$DB_PORT"
    else
        DB_PORT="${LOCAL_PG_PORT:-$(local_pg_port)}"
        # a server on that port is another checkout's (or another program's): never reuse it
        if "$PGBIN/pg_isready" -h localhost -p "$DB_PORT" -q; then
            die "port $DB_PORT already has a PostgreSQL server that is not this checkout's cluster" \
                "($pgdata): set LOCAL_PG_PORT to a free port, or DB_PORT to use that server"
        fi
        log "starting PostgreSQL on port $DB_PORT (data in $pgdata)"
        # pg_ctl hands -o to a shell: the socket folder is quoted in it
        run_pg "$PGBIN/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
            -o "-p $DB_PORT -k $(shq "$pgdata") -c listen_addresses=localhost" \
            start >/dev/null
    fi
    if ! db_answers "$DB_PORT"; then
        # psql variables quote the role (:"name") and the password (:'literal')
        printf '%s\n' 'CREATE ROLE :"role" LOGIN CREATEDB PASSWORD :'"'"'password'"'"';' \
            | run_pg "$PGBIN/psql" -h "$pgdata" -p "$DB_PORT" -d postgres -q -v ON_ERROR_STOP=1 \
                -v role="$DB_USER" -v password="$DB_PASSWORD" >/dev/null
    fi
    db_answers "$DB_PORT" || die "PostgreSQL started on port $DB_PORT but role $DB_USER cannot log in"
}

# A cluster an older setup made with `initdb -A trust`: password (and peer) authentication instead,
# applied at the next start or reload. Only the lines initdb wrote are rewritten.
secure_pg_hba() { # $1 = pgdata
    local hba="$1/pg_hba.conf"
    [ -f "$hba" ] && grep -qE '^(local|host)[[:space:]].*[[:space:]]trust$' "$hba" || return 0
    log "switching $hba from trust to peer/scram-sha-256 authentication"
    sed -i -E 's/^(local[[:space:]].*[[:space:]])trust$/\1peer/; s/^(host[[:space:]].*[[:space:]])trust$/\1scram-sha-256/' "$hba"
    if run_pg "$PGBIN/pg_ctl" -D "$1" status >/dev/null 2>&1; then
        run_pg "$PGBIN/pg_ctl" -D "$1" reload >/dev/null
    fi
}

# A test database trades durability for speed on its own (never the `make run` one, never the whole
# cluster): commits do not wait for the disk. The database is created here, Odoo initialises it.
create_test_db() { # $1 = name; reaches SQL as a psql variable (:"name"), quoted
    PGPASSWORD="$DB_PASSWORD" "$PGBIN/createdb" -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -E UTF8 -T template0 "$1"
    printf '%s\n' 'ALTER DATABASE :"name" SET synchronous_commit = off;' \
        | PGPASSWORD="$DB_PASSWORD" "$PGBIN/psql" -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -q \
            -v ON_ERROR_STOP=1 -v name="$1" >/dev/null
}

write_odoo_conf() { # $1 = conf path
    cat > "$1" <<CONF
[options]
addons_path = $ODOO/addons,$ODOO/odoo/addons,$REPO
data_dir = $CACHE/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
http_port = ${HTTP_PORT:-8069}
log_level = ${LOG_LEVEL:-info}
screenshots = $CACHE/tour_screenshots/failed
without_demo = False
CONF
}

setup_all() {
    find_odoo
    ensure_venv
    ensure_pdf_tools
    ensure_chromium
    ensure_postgres
    ODOO_CONF="$CACHE/odoo.conf"
    write_odoo_conf "$ODOO_CONF"
    export PYTHONPATH="$ODOO${PYTHONPATH:+:$PYTHONPATH}"
}

drop_db() { PGPASSWORD="$DB_PASSWORD" "$PGBIN/dropdb" -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" --if-exists --force "$1"; }
db_exists() { # the name reaches SQL as a psql variable (:'name'), quoted
    printf '%s\n' "select 1 from pg_database where datname = :'name'" \
        | PGPASSWORD="$DB_PASSWORD" "$PGBIN/psql" -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -Atq \
            -v name="$1" | grep -q 1
}
# Is property_crm installed in database $1?
module_installed() {
    printf '%s\n' "select 1 from ir_module_module where name = 'property_crm' and state = 'installed'" \
        | PGPASSWORD="$DB_PASSWORD" "$PGBIN/psql" -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$1" -Atq \
            2>/dev/null | grep -q 1
}
