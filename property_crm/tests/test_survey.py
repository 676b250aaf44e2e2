from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .common_complaint import T0
from .test_callback import MINUTE, CallbackCase

QUESTIONS = ("quality", "attitude", "speed", "cleanliness", "security", "overall")


class TestSurveyCallbacks(CallbackCase):
    """客戶意見調查表 (seed 000 §四(2)4.3): every answer rated below the threshold
    becomes a callback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("property_crm.survey_customer_satisfaction")
        cls.question = {
            name: cls.env.ref(f"property_crm.survey_question_{name}")
            for name in QUESTIONS
        }
        cls.suggestions = cls.env.ref("property_crm.survey_question_suggestions")

    def answer(self, ratings, partner=None, comments=None, survey=None, at=T0):
        """A returned survey of ``partner``: ``ratings`` maps a question to the rating
        chosen."""
        survey = survey or self.survey
        comments = comments or {}
        with freeze_time(at):
            user_input = survey._create_answer(
                partner=partner or self.customer, check_attempts=False
            )
            for name, rating in ratings.items():
                question = (
                    self.question[name]
                    if survey == self.survey
                    else survey.question_ids.filtered(
                        lambda q, name=name: q.title == name
                    )
                )
                answer = question.suggested_answer_ids.filtered(
                    lambda a, r=rating: a.property_crm_rating == r
                )
                self.assertEqual(len(answer), 1)
                user_input._save_lines(question, answer.id, comment=comments.get(name))
            if survey == self.survey:
                user_input._save_lines(self.suggestions, "Keep the lobby open later")
        return user_input

    def mark_done(self, user_input, at=T0 + timedelta(hours=1)):
        with freeze_time(at):
            user_input._mark_done()
            self.env.flush_all()
        return user_input.property_crm_callback_ids

    def test_data_survey(self):
        self.assertTrue(self.survey.property_crm_satisfaction)
        self.assertEqual(
            self.env.ref("property_crm.survey_answer_quality_2").property_crm_rating, 2
        )
        self.assertEqual(
            self.env.ref("property_crm.survey_answer_attitude_5").property_crm_rating, 5
        )
        self.assertEqual(
            self.env.ref("property_crm.survey_answer_overall_1").property_crm_rating, 1
        )
        self.assertEqual(self.company.property_crm_survey_threshold, 3)

    def test_unsatisfied_answers_become_callbacks(self):
        user_input = self.answer(
            {
                "quality": 2,
                "attitude": 5,
                "speed": 3,
                "cleanliness": 1,
                "security": 4,
                "overall": 1,
            },
            comments={
                "quality": "The plumber came two days late",
                "attitude": "Friendly staff",
            },
        )
        self.assertEqual(
            user_input.user_input_line_ids.filtered(
                lambda line: line.question_id == self.question["quality"]
            ).mapped("suggested_answer_id"),
            self.env.ref("property_crm.survey_answer_quality_2"),
        )
        done_at = T0 + timedelta(hours=1)
        callbacks = self.mark_done(user_input, done_at)
        self.assertEqual(user_input.state, "done")
        self.assertEqual(
            len(callbacks), 3, "quality 2, cleanliness 1, overall 1; none for 3, 4 or 5"
        )
        self.assertEqual(
            callbacks.mapped("survey_question_id"),
            self.question["quality"]
            | self.question["cleanliness"]
            | self.question["overall"],
        )
        for callback in callbacks:
            self.assertEqual(callback.callback_type, "survey")
            self.assertEqual(callback.partner_id, self.customer)
            self.assertEqual(
                callback.user_id, self.user_area_manager, "the customer's area manager"
            )
            self.assertEqual(callback.area_id, self.area_east)
            self.assertEqual(callback.unit_id, self.unit_east)
            self.assertEqual(callback.survey_user_input_id, user_input)
            self.assertEqual(callback.deadline, done_at + timedelta(days=7))
            self.assertEqual(callback.state, "todo")
            self.assertEqual(callback.unsatisfied_action, "letter")
            self.assertTrue(self.triggers_at(callback.deadline))
        quality = callbacks.filtered(
            lambda c: c.survey_question_id == self.question["quality"]
        )
        self.assertEqual(quality.shortcomings, "The plumber came two days late")
        self.assertFalse(
            callbacks.filtered(
                lambda c: c.survey_question_id == self.question["overall"]
            ).shortcomings
        )
        # the area manager can see and work them
        self.assertEqual(
            self.Callback.with_user(self.user_area_manager).search(
                [("survey_user_input_id", "=", user_input.id)]
            ),
            callbacks,
        )

    def test_all_satisfied_no_callback(self):
        user_input = self.answer({name: 3 for name in QUESTIONS})
        self.assertFalse(self.mark_done(user_input))
        user_input = self.answer({name: 5 for name in QUESTIONS})
        self.assertFalse(self.mark_done(user_input))

    def test_mark_done_twice_does_not_duplicate(self):
        user_input = self.answer({"quality": 1, "attitude": 2, "overall": 4})
        first = self.mark_done(user_input)
        self.assertEqual(len(first), 2)
        second = self.mark_done(user_input, T0 + timedelta(hours=2))
        self.assertEqual(second, first)
        self.assertEqual(
            self.Callback.search_count([("survey_user_input_id", "=", user_input.id)]),
            2,
        )
        self.assertEqual(
            first.mapped("deadline"), [T0 + timedelta(hours=1, days=7)] * 2
        )

    def test_threshold_respected(self):
        ratings = {
            "quality": 2,
            "attitude": 5,
            "speed": 3,
            "cleanliness": 1,
            "security": 4,
            "overall": 1,
        }
        self.company.property_crm_survey_threshold = 4
        self.assertEqual(
            len(self.mark_done(self.answer(ratings))), 4, "now 3 is unsatisfied too"
        )
        self.company.property_crm_survey_threshold = 1
        self.assertFalse(self.mark_done(self.answer(ratings)), "nothing is below 1")
        self.company.property_crm_survey_threshold = 6
        self.assertEqual(len(self.mark_done(self.answer(ratings))), 6)

    def test_callback_delay_respected(self):
        self.company.property_crm_survey_callback_days = 3
        callbacks = self.mark_done(self.answer({"overall": 1}), T0)
        self.assertEqual(callbacks.deadline, T0 + timedelta(days=3))

    def test_west_customer_goes_to_west_manager(self):
        callbacks = self.mark_done(
            self.answer({"attitude": 2}, partner=self.customer_west)
        )
        self.assertEqual(callbacks.user_id, self.user_area_manager_west)
        self.assertEqual(callbacks.area_id, self.area_west)
        self.assertFalse(
            self.Callback.with_user(self.user_area_manager).search(
                [("id", "=", callbacks.id)]
            )
        )

    def test_customer_without_area_goes_to_an_active_user(self):
        # no unit, no area manager: the data survey's responsible is the inactive system
        # user, so the callback goes to the head of asset management
        self.company.property_crm_head_user_id = self.user_manager
        nomad = self.env["res.partner"].create(
            {"name": "Chen Jie", "customer_kind": "individual"}
        )
        callbacks = self.mark_done(self.answer({"overall": 1}, partner=nomad))
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(callbacks.user_id, self.user_manager)
        self.assertTrue(callbacks.user_id.active)

    def test_answered_through_the_website(self):
        # the public controller marks the answer done as the public user, in sudo
        user_input = self.answer({"quality": 1})
        public = self.env.ref("base.public_user")
        callbacks = self.mark_done(user_input.with_user(public).sudo())
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(callbacks.user_id, self.user_area_manager)
        self.assertEqual(callbacks.company_id, self.company)

    def test_other_surveys_ignored(self):
        survey = self.env["survey.survey"].create(
            {
                "title": "Lobby music poll",
                "access_mode": "token",
                "question_and_page_ids": [
                    (
                        0,
                        0,
                        {
                            "title": "quality",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                (0, 0, {"value": f"{r}", "property_crm_rating": r})
                                for r in range(1, 6)
                            ],
                        },
                    )
                ],
            }
        )
        self.assertFalse(survey.property_crm_satisfaction)
        self.assertFalse(self.mark_done(self.answer({"quality": 1}, survey=survey)))

    def test_anonymous_answer_no_callback(self):
        with freeze_time(T0):
            user_input = self.survey._create_answer(
                email="someone@example.com", check_attempts=False
            )
            user_input._save_lines(
                self.question["overall"],
                self.env.ref("property_crm.survey_answer_overall_1").id,
            )
        self.assertFalse(user_input.partner_id)
        self.assertFalse(self.mark_done(user_input))

    def test_survey_callback_unsatisfied_raises_letter(self):
        callbacks = self.mark_done(
            self.answer(
                {"security": 1}, comments={"security": "Gate left open at night"}
            )
        )
        callback = callbacks.with_user(self.user_area_manager)
        with self.assertRaises(AccessError):
            callbacks.with_user(self.user_handler).read(["name"])
        callback.write(
            {
                "outcome": "unsatisfied",
                "letter_department_id": self.department_security.id,
            }
        )
        with freeze_time(T0 + timedelta(days=2)):
            callback.action_done()
        letter = callback.liaison_letter_id
        self.assertEqual(letter.to_department_id, self.department_security)
        self.assertEqual(letter.state, "sent")
        self.assertIn("Security and order", letter.description)
        self.assertIn("Gate left open at night", letter.description)
        self.assertEqual(letter.area_id, self.area_east)
        self.assertEqual(len(self.escalations(callbacks, self.user_area_manager)), 1)

    def test_survey_callback_reopen_without_work_needs_department(self):
        # nothing to reopen behind a survey answer: it can only go to a department
        callbacks = self.mark_done(self.answer({"speed": 1}))
        callback = callbacks.with_user(self.user_area_manager)
        callback.write({"outcome": "unsatisfied", "unsatisfied_action": "reopen"})
        with freeze_time(T0 + timedelta(days=1)), self.assertRaises(UserError):
            callback.action_done()
        self.assertEqual(callback.state, "todo")
        callback.letter_department_id = self.department_engineering
        with freeze_time(T0 + timedelta(days=1)):
            callback.action_done()
        self.assertEqual(
            callback.liaison_letter_id.to_department_id, self.department_engineering
        )

    def test_survey_callback_overdue(self):
        callbacks = self.mark_done(self.answer({"speed": 2}), T0)
        deadline = T0 + timedelta(days=7)
        self.run_watchdog(deadline - MINUTE)
        self.assertFalse(self.escalations(callbacks))
        self.run_watchdog(deadline)
        self.run_watchdog(deadline + timedelta(hours=1))
        self.assertEqual(len(self.escalations(callbacks, self.user_area_manager)), 1)
        self.assertEqual(len(self.escalations(callbacks)), 1)
