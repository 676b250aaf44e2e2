from . import property_crm_area
from . import property_crm_building
from . import property_crm_unit
from . import property_crm_grade
from . import property_crm_grade_evaluation
from . import property_crm_access_log
from . import res_partner
