from . import property_crm_complaint_report
from . import property_crm_staff_kpi_report
from . import property_crm_form_report
from . import property_crm_visit_scorecard
from . import property_crm_maintenance_budget_report
