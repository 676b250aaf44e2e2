from odoo import Command
from odoo.tests.common import TransactionCase, new_test_user


class PropertyCrmCase(TransactionCase):
    """Shared fixtures: one user per role, two areas with a building and a unit each,
    customers with confidential data. Built here, never taken from demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company

        def user(login, group):
            return new_test_user(
                env,
                login=f"pcrm_test_{login}",
                name=f"PCRM {login.replace('_', ' ').title()}",
                groups=f"base.group_user,property_crm.group_{group}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )

        cls.user_handler = user("handler", "department_handler")
        cls.user_handler_other = user("handler_other", "department_handler")
        cls.user_department_manager = user("department_manager", "department_handler")
        cls.user_specialist = user("specialist", "specialist")
        cls.user_area_manager = user("area_manager", "area_manager")
        cls.user_area_manager_west = user("area_manager_west", "area_manager")
        cls.user_supervisor = user("supervisor", "supervisor")
        cls.user_manager = user("manager", "manager")
        cls.user_finance = user("finance", "finance")

        # departments and the employees behind the users
        Department = env["hr.department"]
        cls.department_engineering = Department.create({"name": "PCRM Engineering"})
        cls.department_security = Department.create({"name": "PCRM Security"})
        Employee = env["hr.employee"]

        def employee(user, department):
            return Employee.create(
                {
                    "name": user.name,
                    "user_id": user.id,
                    "department_id": department.id,
                    "company_id": cls.company.id,
                }
            )

        cls.employee_department_manager = employee(
            cls.user_department_manager, cls.department_engineering
        )
        cls.employee_handler = employee(cls.user_handler, cls.department_engineering)
        cls.employee_handler_other = employee(
            cls.user_handler_other, cls.department_security
        )
        cls.department_engineering.manager_id = cls.employee_department_manager

        # property structure
        cls.area_east = env["property.crm.area"].create(
            {
                "name": "PCRM East Area",
                "code": "E",
                "manager_id": cls.user_area_manager.id,
            }
        )
        cls.area_west = env["property.crm.area"].create(
            {
                "name": "PCRM West Area",
                "code": "W",
                "manager_id": cls.user_area_manager_west.id,
            }
        )
        cls.building_east = env["property.crm.building"].create(
            {
                "name": "East Tower 1",
                "area_id": cls.area_east.id,
                "street": "1 East Road",
            }
        )
        cls.building_west = env["property.crm.building"].create(
            {
                "name": "West Tower 1",
                "area_id": cls.area_west.id,
                "street": "1 West Road",
            }
        )
        cls.unit_east = env["property.crm.unit"].create(
            {
                "name": "E-1201",
                "building_id": cls.building_east.id,
                "floor": 12,
                "area_sqm": 98.5,
                "layout": "3室2廳",
            }
        )
        cls.unit_west = env["property.crm.unit"].create(
            {
                "name": "W-0502",
                "building_id": cls.building_west.id,
                "floor": 5,
                "area_sqm": 76.0,
                "layout": "2室1廳",
            }
        )

        # customers
        Partner = env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Zhang Wei",
                "customer_kind": "individual",
                "gender": "male",
                "phone": "0755-86001234",
                "mobile": "13812345678",
                "email": "zhang.wei@example.com",
                "id_type": "prc_id",
                "id_number": "11010519491231002X",
                "unit_ids": [Command.link(cls.unit_east.id)],
            }
        )
        cls.customer_west = Partner.create(
            {
                "name": "Li Na",
                "customer_kind": "individual",
                "gender": "female",
                "phone": "020-88005678",
                "mobile": "13987654321",
                "email": "li.na@example.com",
                "id_type": "prc_id",
                "id_number": "440301198506151238",
                "unit_ids": [Command.link(cls.unit_west.id)],
            }
        )
        cls.enterprise = Partner.create(
            {
                "name": "Shenzhen Example Trading Co., Ltd.",
                "customer_kind": "enterprise",
                "legal_representative": "Wang Fang",
                "phone": "0755-83334444",
                "email": "office@example-trading.com",
                "id_type": "credit_code",
                "id_number": "91350100M000100Y43",
                "unit_ids": [Command.link(cls.unit_east.id)],
            }
        )
        cls.non_customer = Partner.create(
            {
                "name": "Supplier Contact",
                "phone": "0755-12345678",
                "mobile": "13700001111",
                "email": "supplier.contact@example.com",
            }
        )

        cls.grade_vip = env.ref("property_crm.grade_vip")
        cls.grade_a = env.ref("property_crm.grade_a")
        cls.grade_b = env.ref("property_crm.grade_b")
        cls.grade_c = env.ref("property_crm.grade_c")

        # Run the pre-commit hooks as a real transaction would: mail.thread discards the
        # tracking of records created in the current transaction until they run, so
        # without this no change of a fixture would ever be tracked.
        env.flush_all()
        env.cr.flush()
