from . import controllers
from . import models
from . import report
from . import wizard


def uninstall_hook(env):
    """The unique index on the watchdog's cron triggers goes with the addon."""
    env.cr.execute("DROP INDEX IF EXISTS property_crm_watchdog_trigger_uniq")
