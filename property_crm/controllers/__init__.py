from . import portal
from . import mail
from . import telephony
