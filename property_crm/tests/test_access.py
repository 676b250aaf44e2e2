import itertools

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PropertyCrmCase

ROLES = ("handler", "specialist", "area_manager", "supervisor", "manager", "finance")
EVERYONE = frozenset(ROLES)
MANAGER = frozenset({"manager"})
SUPERVISOR_UP = frozenset({"supervisor", "manager"})
AREA_MANAGER_UP = frozenset({"area_manager", "supervisor", "manager"})
SPECIALIST_UP = frozenset({"specialist", "area_manager", "supervisor", "manager"})
NOBODY = frozenset()

# what security/ir.model.access.csv (and, for units, the area record rule) intend
MATRIX = {
    "property.crm.area": {
        "read": EVERYONE,
        "write": MANAGER,
        "create": MANAGER,
        "unlink": MANAGER,
    },
    "property.crm.building": {
        "read": EVERYONE,
        "write": MANAGER,
        "create": MANAGER,
        "unlink": MANAGER,
    },
    "property.crm.unit": {
        "read": EVERYONE,
        "write": AREA_MANAGER_UP,
        "create": AREA_MANAGER_UP,
        "unlink": MANAGER,
    },
    "property.crm.grade": {
        "read": EVERYONE,
        "write": MANAGER,
        "create": MANAGER,
        "unlink": MANAGER,
    },
    # seed 004 五: the 客戶關係專員 drafts the evaluation, the supervisor submits it
    "property.crm.grade.evaluation": {
        "read": SPECIALIST_UP,
        "write": SPECIALIST_UP,
        "create": SPECIALIST_UP,
        "unlink": SUPERVISOR_UP,
    },
    "property.crm.access.log": {
        "read": MANAGER,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
}


@tagged("post_install", "-at_install")
class TestAccess(PropertyCrmCase):
    _names = itertools.count(1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "handler": cls.user_handler,
            "specialist": cls.user_specialist,
            "area_manager": cls.user_area_manager,
            "supervisor": cls.user_supervisor,
            "manager": cls.user_manager,
            "finance": cls.user_finance,
        }

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _new_vals(self, model):
        """Values of a new record of ``model``, one the east area manager may create."""
        n = next(self._names)
        return {
            "property.crm.area": {"name": f"Access Area {n}"},
            "property.crm.building": {
                "name": f"Access Building {n}",
                "area_id": self.area_east.id,
            },
            "property.crm.unit": {
                "name": f"AX-{n}",
                "building_id": self.building_east.id,
            },
            "property.crm.grade": {"name": f"Access Grade {n}", "code": f"AX{n}"},
            "property.crm.grade.evaluation": {
                "partner_id": self.customer.id,
                "proposed_grade_id": self.grade_a.id,
            },
            "property.crm.access.log": {
                "user_id": self.user_manager.id,
                "partner_id": self.customer.id,
                "field_names": "phone",
            },
        }[model]

    def _new_record(self, model):
        """A record of ``model`` in the east area, made by the system."""
        if model == "property.crm.access.log":
            Log = self.env[model]
            Log._log_access_for(self.customer, ["phone"])
            return Log.search([("partner_id", "=", self.customer.id)], limit=1)
        return self.env[model].create(self._new_vals(model))

    def _write_vals(self, model):
        if model == "property.crm.grade.evaluation":
            return {"assessment": "Reviewed"}
        if model == "property.crm.access.log":
            return {"field_names": "email"}
        return {"name": f"Renamed {next(self._names)}"}

    def _do(self, op, user, model):
        if op == "create":
            self.env[model].with_user(user).create(self._new_vals(model))
            return
        record = self._new_record(model)
        self.env.invalidate_all()
        if op == "read":
            first_field = (
                "field_names" if model == "property.crm.access.log" else "name"
            )
            values = record.with_user(user).read([first_field])
            self.assertEqual(values[0]["id"], record.id)
        elif op == "write":
            record.with_user(user).write(self._write_vals(model))
        elif op == "unlink":
            record.with_user(user).unlink()
            self.assertFalse(record.exists())

    def _attempt(self, op, user, model):
        """None if the operation worked, else the exception it raised."""
        try:
            with self.env.cr.savepoint():
                self._do(op, user, model)
        except Exception as exc:  # noqa: BLE001 - every outcome is reported below
            return exc
        return None

    # ------------------------------------------------------------------
    # the matrix
    # ------------------------------------------------------------------

    def test_access_matrix(self):
        problems = []
        for model, ops in MATRIX.items():
            for op, allowed in ops.items():
                for role in ROLES:
                    exc = self._attempt(op, self.users[role], model)
                    # the access log refuses every change with a UserError of its own
                    expected = (
                        UserError if model == "property.crm.access.log" else AccessError
                    )
                    if role in allowed and exc is not None:
                        problems.append(f"{role} should {op} {model}, got {exc!r}")
                    elif role not in allowed and exc is None:
                        problems.append(f"{role} must not {op} {model}, but it worked")
                    elif role not in allowed and not isinstance(exc, expected):
                        problems.append(
                            f"{role} must not {op} {model}: "
                            f"expected {expected.__name__}, got {exc!r}"
                        )
        self.assertFalse(problems, "\n" + "\n".join(problems))

    def test_department_handler_sees_property_structure(self):
        """A handler sees the customer's unit and building, not the grading."""
        unit = self.unit_east.with_user(self.user_handler)
        self.assertEqual(
            unit.read(["display_name"])[0]["display_name"], "East Tower 1 E-1201"
        )
        self.assertEqual(unit.read(["area_id"])[0]["area_id"][0], self.area_east.id)
        with self.assertRaises(AccessError):
            unit.write({"floor": 3})
        with self.assertRaises(AccessError):
            self.env["property.crm.grade.evaluation"].with_user(
                self.user_handler
            ).search([])

    # ------------------------------------------------------------------
    # record rules
    # ------------------------------------------------------------------

    def test_unit_rule_area_manager_changes_only_own_area(self):
        self.unit_east.with_user(self.user_area_manager).write({"floor": 15})
        self.assertEqual(self.unit_east.floor, 15)
        with self.assertRaises(AccessError):
            self.unit_west.with_user(self.user_area_manager).write({"floor": 6})
        with self.assertRaises(AccessError):
            self.env["property.crm.unit"].with_user(self.user_area_manager).create(
                {"name": "W-9999", "building_id": self.building_west.id}
            )
        # the west area manager is the mirror image
        self.unit_west.with_user(self.user_area_manager_west).write({"floor": 6})
        self.assertEqual(self.unit_west.floor, 6)
        with self.assertRaises(AccessError):
            self.unit_east.with_user(self.user_area_manager_west).write({"floor": 1})
        # both areas' units stay readable to both
        self.assertEqual(
            self.env["property.crm.unit"]
            .with_user(self.user_area_manager)
            .search([("id", "in", (self.unit_east | self.unit_west).ids)]),
            self.unit_east | self.unit_west,
        )

    def test_unit_rule_supervisor_changes_all(self):
        self.unit_east.with_user(self.user_supervisor).write({"floor": 20})
        self.unit_west.with_user(self.user_supervisor).write({"floor": 21})
        self.assertEqual((self.unit_east.floor, self.unit_west.floor), (20, 21))
        with self.assertRaises(AccessError):
            self.unit_west.with_user(self.user_supervisor).unlink()

    def test_evaluation_rule_area_manager_reads_own_area(self):
        Evaluation = self.env["property.crm.grade.evaluation"]
        evaluation_east = Evaluation.create(
            {"partner_id": self.customer.id, "proposed_grade_id": self.grade_a.id}
        )
        evaluation_west = Evaluation.create(
            {"partner_id": self.customer_west.id, "proposed_grade_id": self.grade_b.id}
        )
        both = evaluation_east | evaluation_west
        self.env.invalidate_all()
        found = Evaluation.with_user(self.user_area_manager).search(
            [("id", "in", both.ids)]
        )
        self.assertEqual(found, evaluation_east)
        evaluation_east.with_user(self.user_area_manager).read(["name"])
        with self.assertRaises(AccessError):
            evaluation_west.with_user(self.user_area_manager).read(["name"])
        found = Evaluation.with_user(self.user_area_manager_west).search(
            [("id", "in", both.ids)]
        )
        self.assertEqual(found, evaluation_west)
        # a customer moving to the west area leaves the east manager's sight
        self.customer.unit_ids = self.unit_west
        self.env.invalidate_all()
        self.assertFalse(
            Evaluation.with_user(self.user_area_manager).search(
                [("id", "in", both.ids)]
            )
        )
        # specialists, supervisors and managers are not limited by area
        for user in (self.user_specialist, self.user_supervisor, self.user_manager):
            self.assertEqual(
                Evaluation.with_user(user).search([("id", "in", both.ids)]),
                both,
                user.login,
            )

    def test_multi_company_rule(self):
        other_company = self.env["res.company"].create({"name": "PCRM Other Company"})
        area_other = self.env["property.crm.area"].create(
            {"name": "Other Company Area", "company_id": other_company.id}
        )
        self.env.invalidate_all()
        for user in (self.user_specialist, self.user_manager):
            self.assertFalse(
                self.env["property.crm.area"]
                .with_user(user)
                .search([("id", "=", area_other.id)])
            )
            with self.assertRaises(AccessError):
                area_other.with_user(user).read(["name"])
