#!/usr/bin/env bash
# `make run`: a database with property_crm and its demo data, Odoo serving on http://localhost:8069.
source "$(dirname "$0")/lib.sh"
setup_all
RUN_DB="${RUN_DB:-property_crm}"
if ! db_exists "$RUN_DB"; then
    log "creating database $RUN_DB with property_crm and demo data (zh_CN, zh_TW)"
    "$PY" "$ODOO/odoo-bin" -c "$ODOO_CONF" -d "$RUN_DB" -i property_crm --load-language=zh_CN,zh_TW \
        --stop-after-init --log-level=warn
    # the users read Chinese: the admin and the demo users start in 简体中文 (set through Odoo's ORM)
    "$PY" "$ODOO/odoo-bin" shell -c "$ODOO_CONF" -d "$RUN_DB" --no-http --log-level=warn <<'PYEOF'
users = env["res.users"].search(["|", ("login", "=", "admin"), ("login", "=like", "crm\\_%")])
users.write({"lang": "zh_CN"})
env.cr.commit()
PYEOF
else
    log "updating property_crm in $RUN_DB"
    "$PY" "$ODOO/odoo-bin" -c "$ODOO_CONF" -d "$RUN_DB" -u property_crm --stop-after-init --log-level=warn
fi
cat >&2 <<MSG
[property_crm] Odoo: http://localhost:${HTTP_PORT:-8069}  database: $RUN_DB
[property_crm] demo logins (password = login):
  admin              administrator (also 客戶服務經理)
  crm_manager        王經理 客戶服務經理 / 資產管理部負責人 (group_manager)
  crm_supervisor     李主管 客戶關係主管 (group_supervisor)
  crm_area_manager   張片區 片區經理 東區 (group_area_manager)
  crm_area_manager2  陳片區 片區經理 西區 (group_area_manager)
  crm_specialist     劉專員 客服專員 (group_specialist)
  crm_handler        趙工程 工程部 被投訴部門處理人 (group_department_handler)
  crm_finance        孫財務 財務 (group_finance)
MSG
exec "$PY" "$ODOO/odoo-bin" -c "$ODOO_CONF" -d "$RUN_DB" --db-filter="^${RUN_DB}\$" "$@"
