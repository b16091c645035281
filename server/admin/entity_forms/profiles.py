"""The profile form (a yes/no question about the reader, which cautions name in
``applies_if``) and the list of profiles."""

from .common import FormState, chosen, clean_text, find, matches, options, users_of
from .editor import Editor
from .lists import set_users


class ProfileEditor(Editor):
    section, noun = "profiles", "profile"
    fields = {
        "id": ("Id", "text"),
        "question": ("Question", "text"),
        "help": ("Help", "text"),
        "asked_by_cautions": ("Asked for cautions", "choices"),
    }

    def values_of(self, document, item_id):
        if item_id is None:
            return self.blank()
        item = document["profiles"][find(document, "profiles", item_id)]
        users = users_of(document, "profiles", item_id)
        return {
            "id": item_id,
            "question": item["question"],
            "help": item.get("help", ""),
            "asked_by_cautions": [caution["id"] for caution in users.get("cautions", [])],
        }

    def read(self, form, document, item_id):
        values = {name: clean_text(form.get(name)) for name in ("question", "help")}
        values["asked_by_cautions"] = chosen(form, "asked_by_cautions")
        state = FormState(values)
        self.read_id(state, form, document, item_id)
        if not values["asked_by_cautions"]:
            state.add(
                "asked_by_cautions",
                "Choose at least one caution that applies only when the answer is yes: "
                "every profile must be used.",
                self.label("asked_by_cautions"),
            )
        return state

    def apply(self, document, item_id, values):
        document, item, index = self.start(document, item_id, values)
        item["question"] = values["question"]
        if values["help"]:
            item["help"] = values["help"]
        else:
            item.pop("help", None)
        set_users(document, "cautions", "applies_if", item["id"], values["asked_by_cautions"])
        return document, self.targets(index, ("id", "question", "help"), item_id)

    def choices(self, document, values):
        return {"cautions": options(document, "cautions")}

    override_label = (
        "Delete it anyway: take it off these cautions, which are then shown to every reader"
    )

    def delete_blockers(self, document, item_id):
        """Deleting a profile would make its cautions apply to everyone: refused while
        any caution names it."""
        users = users_of(document, "profiles", item_id).get("cautions", [])
        if not users:
            return []
        titles = ", ".join(f"'{caution['title']}'" for caution in users)
        return [
            f"These cautions apply only when the answer is yes: {titles}. Deleting the "
            "profile would show them to every reader."
        ]


PROFILES = ProfileEditor()


def profile_rows(document, query=""):
    rows = []
    for item in document["profiles"]:
        if not matches(query, item["id"], item["question"]):
            continue
        users = users_of(document, "profiles", item["id"]).get("cautions", [])
        rows.append(
            {
                "id": item["id"],
                "question": item["question"],
                "cautions": [caution["title"] for caution in users],
            }
        )
    return rows
