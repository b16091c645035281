// The profile questions as the welcome page and the options page ask them: one group
// of three radios (yes / no / not sure) per question of the guidance, with its help.

import { PROFILE_ANSWERS } from "../lib/first-run.js";
import { el, t } from "./page-text.js";

// The label of each answer.
const ANSWER_KEYS = Object.freeze({
  yes: "profileAnswerYes",
  no: "profileAnswerNo",
  "not-sure": "profileAnswerNotSure",
});

/** The radios' name for a profile question: `profile-<id>`. */
function radioName(profileId) {
  return `profile-${profileId}`;
}

/**
 * One fieldset per profile question, its answer checked (`answers` from
 * first-run.js `profileAnswers`). Ids: `profile-<id>-yes`, `-no`, `-not-sure`.
 */
export function profileQuestions(questions, answers) {
  return questions.map((question) => {
    const helpId = `profile-${question.id}-help`;
    const radios = PROFILE_ANSWERS.map((answer) => {
      const id = `profile-${question.id}-${answer}`;
      const radio = el("input", {
        id,
        attrs: { type: "radio", name: radioName(question.id), value: answer },
      });
      radio.checked = answers[question.id] === answer;
      return el("label", { attrs: { for: id } }, [
        radio,
        el("span", { text: t(ANSWER_KEYS[answer]) }),
      ]);
    });
    const attrs = question.help ? { "aria-describedby": helpId } : {};
    return el("fieldset", { className: "profile-question", attrs }, [
      el("legend", { text: question.question }),
      question.help ? el("p", { id: helpId, className: "hint", text: question.help }) : null,
      el("div", { className: "choices choices-row" }, radios),
    ]);
  });
}

/** The answers checked in `root`: `{[profileId]: answer}`. */
export function readProfileAnswers(root, questions) {
  return Object.fromEntries(
    questions.map((question) => [
      question.id,
      root.querySelector(`input[name="${radioName(question.id)}"]:checked`)?.value ?? "not-sure",
    ]),
  );
}
