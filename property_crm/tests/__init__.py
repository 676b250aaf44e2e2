from . import test_complaint
from . import test_complaint_clocks
from . import test_watchdog_concurrency
from . import test_case
from . import test_retention
from . import test_callback
from . import test_repair_order
from . import test_survey
