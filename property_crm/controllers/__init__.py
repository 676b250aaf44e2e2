from . import portal
from . import portal_request
from . import mail
from . import telephony
