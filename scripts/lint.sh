#!/usr/bin/env bash
# `make lint`: the checks OCA's pre-commit runs on an 18.0 addon, from the project's virtualenv.
#   ruff check          ruff.toml  OCA's 18.0 rules (pyflakes, pycodestyle, bugbear, mccabe, isort, pyupgrade)
#   ruff format --check ruff.toml  OCA's formatting (line length 88)
#   pylint              .pylintrc  pylint-odoo with OCA's mandatory checks, valid-odoo-versions=18.0
#   oca-checks-odoo-module / oca-checks-po   OCA's XML/CSV/PO checks, only when installed in .venv
#                                  (pip package oca-odoo-pre-commit-hooks; OCA's 18.0 pin is 0.0.33)
# Only reports; nothing is rewritten. To fix what the tools can fix themselves:
#   .venv/bin/ruff format . && .venv/bin/ruff check --fix .
# Exits non-zero when any check has findings.
source "$(dirname "$0")/lib.sh"
ensure_venv
cd "$REPO"

failed=()
run_check() { # $1 = label, the rest = the command
    local label="$1"; shift
    log "$label"
    if ! "$@"; then failed+=("$label"); fi
}

run_check "ruff check" "$VENV/bin/ruff" check --no-fix --output-format=concise .
run_check "ruff format --check" "$VENV/bin/ruff" format --check .
run_check "pylint (pylint-odoo)" "$VENV/bin/pylint" --rcfile=.pylintrc --output-format=text property_crm

if [ -x "$VENV/bin/oca-checks-odoo-module" ]; then
    run_check "oca-checks-odoo-module" "$VENV/bin/oca-checks-odoo-module" property_crm/__manifest__.py
    mapfile -t po_files < <(find property_crm/i18n -name '*.po' 2>/dev/null | sort)
    if [ ${#po_files[@]} -gt 0 ]; then
        run_check "oca-checks-po" "$VENV/bin/oca-checks-po" --disable=po-pretty-format "${po_files[@]}"
    fi
else
    log "skipped OCA's XML/CSV/PO checks: oca-odoo-pre-commit-hooks is not installed in $VENV"
fi

if [ ${#failed[@]} -gt 0 ]; then
    log "lint findings from: ${failed[*]}"
    exit 1
fi
log "lint clean"
