// The questions the welcome page and the options page both ask: one group of three
// radios (yes / no / not sure) per profile question of the guidance, with its help, and
// how often cards appear.

import { PROFILE_ANSWERS } from "../lib/first-run.js";
import { FREQUENCIES } from "../lib/frequency.js";
import { el, t } from "./page-text.js";

// The label of each frequency, in lib/frequency.js's order.
const FREQUENCY_KEYS = Object.freeze({
  "every-visit": "frequencyEveryVisit",
  session: "frequencySession",
  daily: "frequencyDaily",
  "on-change": "frequencyOnChange",
  never: "frequencyNever",
});

/** The radios of "how often cards appear": name `frequency`, ids `frequency-<value>`. */
export function frequencyChoices() {
  return FREQUENCIES.map((value) =>
    el("label", {}, [
      el("input", {
        id: `frequency-${value}`,
        attrs: { type: "radio", name: "frequency", value },
      }),
      " ",
      el("span", { text: t(FREQUENCY_KEYS[value]) }),
    ]),
  );
}

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
