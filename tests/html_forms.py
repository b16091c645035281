"""Reading a page's form as a browser submits it, for tests and benchmarks."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """The fields a browser would submit from the POST form whose action is ``action``."""

    def __init__(self, action):
        super().__init__()
        self.action = action
        self.inside = False
        self.found = False
        self.fields = []
        self.textarea = None
        self.select = None
        self.buffer = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("method") == "post" and attributes.get("action") == (
                self.action
            )
            self.found = self.found or self.inside
        elif not self.inside:
            return
        elif tag == "input" and attributes.get("name"):
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields.append((attributes["name"], attributes.get("value", "")))
        elif tag == "textarea":
            self.textarea, self.buffer = attributes["name"], []
        elif tag == "select":
            self.select = attributes.get("name")
        elif tag == "option" and self.select and "selected" in attributes:
            self.fields.append((self.select, attributes.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, "".join(self.buffer)))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.buffer.append(data)


def form_of(html, action):
    """{name: [values]} of the form posting to ``action``, as the page shows it."""
    reader = _FormReader(action)
    reader.feed(html)
    assert reader.found, f"no form posting to {action}"
    data = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    return data
