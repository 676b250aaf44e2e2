"""Local time of a company: the seeds' days and months are those of the service centre
(Asia/Shanghai in the demo), while Odoo stores naive UTC datetimes. A day or a month
cut at UTC midnight would put the night of the 1st (00:00–08:00 in Shanghai) in the
month before."""

from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta


def company_tz(env, company=None):
    """The timezone of ``company``: its address's, else the user's, else UTC."""
    company = company or env.company
    name = company.sudo().partner_id.tz or env.user.tz or "UTC"
    return pytz.timezone(name) if name in pytz.all_timezones_set else pytz.utc


def local_date(env, company, moment):
    """The local calendar day of ``moment`` (a naive UTC datetime)."""
    if not moment:
        return False
    return pytz.utc.localize(moment).astimezone(company_tz(env, company)).date()


def to_utc(env, company, day):
    """Local midnight at the start of ``day`` as a naive UTC datetime."""
    local = company_tz(env, company).localize(datetime.combine(day, time.min))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def month_bounds(env, company, month):
    """[start, end) of the local calendar month holding ``month`` (a date), as naive
    UTC datetimes."""
    first = month.replace(day=1)
    return to_utc(env, company, first), to_utc(
        env, company, first + relativedelta(months=1)
    )
