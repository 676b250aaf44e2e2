from . import property_crm_complaint_report
