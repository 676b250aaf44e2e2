from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import PropertyCrmCase


@tagged("post_install", "-at_install")
class TestGrading(PropertyCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Evaluation = cls.env["property.crm.grade.evaluation"]
        cls.customer.with_context(
            property_crm_grade_approval=True
        ).grade_id = cls.grade_b

    def _evaluation(self, partner=None, grade=None, **vals):
        return self.Evaluation.with_user(self.user_supervisor).create(
            {
                "partner_id": (partner or self.customer).id,
                "proposed_grade_id": (grade or self.grade_a).id,
                "score_payment": 9,
                "score_cooperation": 8,
                "score_complaint": 10,
                "score_value": 6,
                "score_influence": 7,
                **vals,
            }
        )

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------

    def test_submit_then_approve_sets_grade(self):
        evaluation = self._evaluation()
        self.assertEqual(evaluation.state, "draft")
        self.assertTrue(evaluation.name.startswith("PG"), evaluation.name)
        self.assertEqual(evaluation.total_score, 40)

        evaluation.action_submit()
        self.assertEqual(evaluation.state, "submitted")
        self.assertEqual(evaluation.current_grade_id, self.grade_b)
        self.assertEqual(evaluation.submitted_by_id, self.user_supervisor)
        self.assertTrue(evaluation.submitted_at)
        # the head, or every manager, is asked to decide
        activities = evaluation.activity_ids
        self.assertTrue(activities)
        for user in activities.user_id:
            self.assertTrue(user.has_group("property_crm.group_manager"), user.login)
        # submitting is not approving
        self.assertEqual(self.customer.grade_id, self.grade_b)

        evaluation.with_user(self.user_manager).action_approve()
        self.assertEqual(evaluation.state, "approved")
        self.assertEqual(evaluation.decided_by_id, self.user_manager)
        self.assertTrue(evaluation.decided_at)
        self.assertEqual(self.customer.grade_id, self.grade_a)
        self.assertFalse(evaluation.activity_ids)

    def test_approve_twice_refused(self):
        evaluation = self._evaluation()
        evaluation.action_submit()
        evaluation.with_user(self.user_manager).action_approve()
        with self.assertRaises(UserError):
            evaluation.with_user(self.user_manager).action_approve()
        with self.assertRaises(UserError):
            evaluation.with_user(self.user_manager).action_refuse()
        with self.assertRaises(UserError):
            evaluation.action_submit()
        # an approved evaluation is part of the history: it stays
        with self.assertRaises(UserError):
            evaluation.unlink()
        self.assertEqual(evaluation.state, "approved")

    def test_approve_draft_refused(self):
        evaluation = self._evaluation()
        with self.assertRaises(UserError):
            evaluation.with_user(self.user_manager).action_approve()
        self.assertEqual(self.customer.grade_id, self.grade_b)

    def test_refuse_needs_reason_and_keeps_grade(self):
        evaluation = self._evaluation(grade=self.grade_vip)
        evaluation.action_submit()
        manager_evaluation = evaluation.with_user(self.user_manager)
        with self.assertRaises(UserError):
            manager_evaluation.action_refuse()
        self.assertEqual(evaluation.state, "submitted")
        manager_evaluation.refuse_reason = "Arrears in the last quarter."
        manager_evaluation.action_refuse()
        self.assertEqual(evaluation.state, "refused")
        self.assertEqual(evaluation.decided_by_id, self.user_manager)
        self.assertEqual(self.customer.grade_id, self.grade_b)
        self.assertFalse(evaluation.activity_ids)
        # a refused proposal can be reworked and submitted again
        evaluation.action_reset_to_draft()
        evaluation.write({"proposed_grade_id": self.grade_a.id})
        evaluation.action_submit()
        self.assertFalse(evaluation.refuse_reason)
        manager_evaluation.action_approve()
        self.assertEqual(self.customer.grade_id, self.grade_a)

    def test_roles(self):
        evaluation = self._evaluation()
        for user in (self.user_specialist, self.user_area_manager):
            with self.assertRaises(AccessError, msg=user.login):
                evaluation.with_user(user).action_submit()
        self.assertEqual(evaluation.state, "draft")
        evaluation.action_submit()
        for action in ("action_approve", "action_refuse"):
            with self.assertRaises(AccessError, msg=action):
                getattr(evaluation.with_user(self.user_supervisor), action)()
            with self.assertRaises(AccessError, msg=action):
                getattr(evaluation.with_user(self.user_specialist), action)()
        self.assertEqual(evaluation.state, "submitted")
        self.assertEqual(self.customer.grade_id, self.grade_b)
        # specialists read evaluations; they draft (seed 004 五), not submit
        self.assertEqual(
            evaluation.with_user(self.user_specialist).read(["state"])[0]["state"],
            "submitted",
        )
        with self.assertRaises(UserError):
            evaluation.with_user(self.user_specialist).write({"score_payment": 1})
        self.assertEqual(evaluation.score_payment, 9)
        with self.assertRaises(AccessError):
            self.Evaluation.with_user(self.user_handler).create(
                {"partner_id": self.customer.id, "proposed_grade_id": self.grade_c.id}
            )

    def test_grade_only_through_evaluation(self):
        for user in (self.user_specialist, self.user_supervisor, self.user_manager):
            with self.assertRaises(UserError, msg=user.login):
                self.customer.with_user(user).write({"grade_id": self.grade_vip.id})
            with self.assertRaises(UserError, msg=user.login):
                self.customer.with_user(user).write({"grade_id": False})
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(self.user_specialist).create(
                {
                    "name": "New Customer",
                    "customer_kind": "individual",
                    "grade_id": self.grade_vip.id,
                }
            )
        self.assertEqual(self.customer.grade_id, self.grade_b)
        # writing the grade the customer already has changes nothing and is harmless
        self.customer.with_user(self.user_specialist).write(
            {"grade_id": self.grade_b.id, "function": "Owner"}
        )
        self.assertEqual(self.customer.function, "Owner")

    def test_grade_history(self):
        first = self._evaluation(grade=self.grade_a)
        first.action_submit()
        first.with_user(self.user_manager).action_approve()
        second = self._evaluation(grade=self.grade_vip)
        second.action_submit()
        second.with_user(self.user_manager).action_approve()
        draft = self._evaluation(grade=self.grade_c)
        other = self._evaluation(partner=self.customer_west, grade=self.grade_c)

        history = self.customer.grade_evaluation_ids
        self.assertEqual(
            history.filtered(lambda e: e.state == "approved"), first | second
        )
        self.assertIn(draft, history)
        self.assertNotIn(other, history)
        self.assertEqual(second.current_grade_id, self.grade_a)
        self.assertEqual(first.current_grade_id, self.grade_b)
        self.assertEqual(self.customer.grade_id, self.grade_vip)
        # the specialist and the customer's area manager read the history
        for user in (self.user_specialist, self.user_area_manager):
            values = self.customer.with_user(user).read(
                ["grade_id", "grade_evaluation_ids"]
            )[0]
            self.assertEqual(values["grade_id"][0], self.grade_vip.id, user.login)
            self.assertEqual(
                set(values["grade_evaluation_ids"]), set((first | second | draft).ids)
            )
            rows = (
                self.Evaluation.with_user(user)
                .browse(values["grade_evaluation_ids"])
                .read(["state", "proposed_grade_id", "decided_by_id"])
            )
            self.assertEqual(
                sorted(
                    row["proposed_grade_id"][0]
                    for row in rows
                    if row["state"] == "approved"
                ),
                sorted((self.grade_a | self.grade_vip).ids),
            )

    # ------------------------------------------------------------------
    # bad input
    # ------------------------------------------------------------------

    def test_scores_between_0_and_10(self):
        for fname in (
            "score_payment",
            "score_cooperation",
            "score_complaint",
            "score_value",
            "score_influence",
        ):
            for value in (11, -1):
                with self.assertRaises(ValidationError, msg=f"{fname}={value}"):
                    self._evaluation(**{fname: value})
        evaluation = self._evaluation(score_payment=0, score_influence=10)
        self.assertEqual(evaluation.total_score, 0 + 8 + 10 + 6 + 10)
        with self.assertRaises(ValidationError):
            evaluation.write({"score_value": 12})
        self.assertEqual(evaluation.score_value, 6)

    def test_only_customers_are_graded(self):
        with self.assertRaises(ValidationError):
            self._evaluation(partner=self.non_customer)
        evaluation = self._evaluation(partner=self.enterprise, grade=self.grade_vip)
        evaluation.action_submit()
        evaluation.with_user(self.user_manager).action_approve()
        self.assertEqual(self.enterprise.grade_id, self.grade_vip)

    def test_evaluation_tracks_decisions(self):
        # each step in its own transaction, as in the web client
        evaluation = self._evaluation()
        self.env.cr.flush()
        evaluation.action_submit()
        self.env.cr.flush()
        evaluation.with_user(self.user_manager).action_approve()
        self.env.cr.flush()
        Tracking = self.env["mail.tracking.value"]
        states = Tracking.search(
            [
                ("mail_message_id.model", "=", evaluation._name),
                ("mail_message_id.res_id", "=", evaluation.id),
                ("field_id.name", "=", "state"),
            ]
        )
        self.assertEqual(
            sorted(states.mapped("new_value_char")), ["Approved", "Submitted"]
        )
        # the partner's own chatter records the grade change
        grade_tracking = Tracking.search(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "=", self.customer.id),
                ("field_id.name", "=", "grade_id"),
            ]
        )
        self.assertIn("Grade A", grade_tracking.mapped("new_value_char"))
