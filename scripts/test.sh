#!/usr/bin/env bash
# `make test`: a fresh test database with property_crm installed, then the whole suite through pytest-odoo.
#   TEST_REUSE_DB=1   keep the existing test database and update the addon in it (-u property_crm)
#                     instead of dropping and re-installing it: quicker while iterating
source "$(dirname "$0")/lib.sh"
setup_all
TEST_DB="${TEST_DB:-property_crm_test}"
if [ "${TEST_REUSE_DB:-}" = 1 ] && db_exists "$TEST_DB" && module_installed "$TEST_DB"; then
    log "reusing database $TEST_DB: updating property_crm (-u)"
    "$PY" "$ODOO/odoo-bin" -c "$ODOO_CONF" -d "$TEST_DB" -u property_crm --stop-after-init \
        --log-level=warn 2>&1 | tee "$CACHE/install.log"
else
    [ "${TEST_REUSE_DB:-}" = 1 ] && log "no database $TEST_DB with property_crm to reuse: installing it"
    drop_db "$TEST_DB"
    create_test_db "$TEST_DB"
    log "installing property_crm (with demo data) into a fresh database $TEST_DB"
    "$PY" "$ODOO/odoo-bin" -c "$ODOO_CONF" -d "$TEST_DB" -i property_crm --stop-after-init \
        --log-level=warn --load-language=zh_CN,zh_TW 2>&1 | tee "$CACHE/install.log"
    # Odoo only warns when demo data fails and goes on without it: that is a failure here
    if grep -q "demo data failed to install" "$CACHE/install.log"; then
        die "property_crm's demo data failed to install (see $CACHE/install.log)"
    fi
fi
log "running the test suite"
cd "$REPO"
set +e
# shellcheck disable=SC2086
"$VENV/bin/pytest" --odoo-config "$ODOO_CONF" --odoo-database "$TEST_DB" -p no:cacheprovider \
    ${PYTEST_ARGS:-property_crm/tests}
rc=$?
set -e
[ "$rc" = 5 ] && die "pytest collected no test"
exit "$rc"
