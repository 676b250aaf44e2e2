#!/usr/bin/env bash
# Refresh the translation template and catalogues of property_crm:
#   1. install (first run) or update property_crm in the database $I18N_DB (no demo data);
#   2. export property_crm/i18n/property_crm.pot from it;
#   3. merge the template into every property_crm/i18n/*.po with msgmerge, keeping existing
#      translations, adding new msgids with an empty msgstr and dropping obsolete ones.
# Then fill the empty msgstr and run `scripts/i18n.sh --check`: msgfmt -c on every catalogue (no
# untranslated or fuzzy entry allowed) and an update of $I18N_DB loading the languages, which must log
# no translation warning.
# Safe to repeat. I18N_DB (default pcrm_i18n) and I18N_LANGS (default "zh_CN zh_TW") can be overridden.
source "$(dirname "$0")/lib.sh"
setup_all
I18N_DB="${I18N_DB:-pcrm_i18n}"
I18N_LANGS="${I18N_LANGS:-zh_CN zh_TW}"
I18N_DIR="$REPO/property_crm/i18n"
POT="$I18N_DIR/property_crm.pot"

command -v msgmerge >/dev/null 2>&1 || apt_install gettext
mkdir -p "$I18N_DIR"

if [ "${1:-}" = "--check" ]; then
    bad=0
    for lang in $I18N_LANGS; do
        po="$I18N_DIR/$lang.po"
        stats="$(msgfmt -c --statistics -o /dev/null "$po" 2>&1)" || bad=1
        printf '%s: %s\n' "$lang.po" "$stats" >&2
        case "$stats" in *untranslated*|*fuzzy*) bad=1 ;; esac
    done
    db_exists "$I18N_DB" || die "no database $I18N_DB: run scripts/i18n.sh first"
    log "updating property_crm in $I18N_DB with --load-language"
    langs="$(echo $I18N_LANGS | tr ' ' ',')"
    out="$("$PY" "$ODOO/odoo-bin" -c "$ODOO_CONF" -d "$I18N_DB" -u property_crm --load-language="$langs" \
        --stop-after-init --log-level=warn 2>&1)" || bad=1
    # show every warning; only those about translations fail the check (the others belong to the code)
    warnings="$(printf '%s\n' "$out" | grep -E ' (WARNING|ERROR|CRITICAL) ' || true)"
    [ -z "$warnings" ] || printf '%s\n' "$warnings" >&2
    if printf '%s\n' "$warnings" | grep -Eiq 'odoo\.tools\.translate|translat|\.po\b|language'; then bad=1; fi
    [ "$bad" = 0 ] || die "translation check failed"
    log "translations complete, loaded without warnings"
    exit 0
fi

if db_exists "$I18N_DB" && PGPASSWORD="$DB_PASSWORD" "$PGBIN/psql" -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" \
        -d "$I18N_DB" -Atqc "select 1 from ir_module_module where name='property_crm' and state='installed'" \
        2>/dev/null | grep -q 1; then
    log "updating property_crm in $I18N_DB"
    "$PY" "$ODOO/odoo-bin" -c "$ODOO_CONF" -d "$I18N_DB" -u property_crm --stop-after-init \
        --without-demo=all --log-level=warn
else
    drop_db "$I18N_DB"
    log "installing property_crm (without demo data) into a fresh database $I18N_DB"
    "$PY" "$ODOO/odoo-bin" -c "$ODOO_CONF" -d "$I18N_DB" -i property_crm --stop-after-init \
        --without-demo=all --log-level=warn
fi

log "exporting $POT"
# no --language: Odoo then writes a template (empty msgstr, no Language header)
"$PY" "$ODOO/odoo-bin" -c "$ODOO_CONF" -d "$I18N_DB" --i18n-export="$POT" --modules=property_crm \
    --stop-after-init --log-level=warn

for lang in $I18N_LANGS; do
    po="$I18N_DIR/$lang.po"
    if [ ! -f "$po" ]; then
        log "creating $po"
        cp "$POT" "$po"
    else
        log "merging the template into $po"
        msgmerge --quiet --update --backup=off --no-fuzzy-matching "$po" "$POT"
        msgattrib --no-obsolete --output-file="$po" "$po"
    fi
    # Odoo's own header fields for a language catalogue
    "$PY" - "$po" "$lang" <<'PYEOF'
import sys
import polib

path, lang = sys.argv[1], sys.argv[2]
po = polib.pofile(path, wrapwidth=78)
po.metadata.update({
    "Project-Id-Version": "Odoo Server 18.0",
    "Language": lang,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
})
po.save(path)
PYEOF
done

for lang in $I18N_LANGS; do
    printf '%s: ' "$lang.po" >&2
    msgfmt -c --statistics -o /dev/null "$I18N_DIR/$lang.po"
done
untranslated="$(for lang in $I18N_LANGS; do msgattrib --untranslated --no-obsolete "$I18N_DIR/$lang.po" \
    | grep -c '^msgid ' || true; done | awk '{s += ($1 > 0 ? $1 - 1 : 0)} END {print s + 0}')"
[ "$untranslated" = 0 ] || log "$untranslated msgid(s) still need a translation (msgattrib --untranslated)"
