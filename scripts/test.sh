#!/usr/bin/env bash
# `make test`: a fresh test database with property_crm installed, then the whole suite through pytest-odoo.
source "$(dirname "$0")/lib.sh"
setup_all
TEST_DB="${TEST_DB:-property_crm_test}"
drop_db "$TEST_DB"
log "installing property_crm (with demo data) into a fresh database $TEST_DB"
"$PY" "$ODOO/odoo-bin" -c "$ODOO_CONF" -d "$TEST_DB" -i property_crm --stop-after-init \
    --log-level=warn --load-language=zh_CN,zh_TW 2>&1 | tee "$CACHE/install.log"
# Odoo only warns when demo data fails and goes on without it: that is a failure here
if grep -q "demo data failed to install" "$CACHE/install.log"; then
    die "property_crm's demo data failed to install (see $CACHE/install.log)"
fi
log "running the test suite"
cd "$REPO"
set +e
"$VENV/bin/pytest" --odoo-config "$ODOO_CONF" --odoo-database "$TEST_DB" -p no:cacheprovider \
    ${PYTEST_ARGS:-property_crm/tests}
rc=$?
set -e
[ "$rc" = 5 ] && die "pytest collected no test"
exit "$rc"
