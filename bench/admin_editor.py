"""Editors saving referral links through the admin's own form, on a fixed clock, over HTTP.

Run by bench/run.py as a second process while wrk loads the public pages ("load while editing").
Edit N is due at N x INTERVAL. Under load one save takes longer than the interval, so the edits
go round several editor sessions, one per link: each signs in once (django-axes throttles
repeated sign-ins) and saves its own link in turn, so edits overlap but never two of one link.
For each edit an editor GETs the change form, reads the CSRF token and every field's current
value, changes the summary to `Bench edit N` and POSTs the form back, as a browser would. Every
save must be answered with a redirect.

    python bench/admin_editor.py BASE_URL USERNAME PASSWORD LINK_ID,... SECONDS INTERVAL OUT.json
"""

import http.cookiejar
import json
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

MAX_EDITS = 2000  # a bound, whatever the interval


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is the answer we check for, not something to follow


class FormReader(HTMLParser):
    """The fields of one form, with the values a browser would submit (no JavaScript)."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in a), []
        elif tag == "option" and self._select:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)
        if self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            # The parser keeps the newline HTML drops right after <textarea>.
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else option["text"].strip()
            self._options.append((value, option["selected"]))
            self._option = None
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [v for v, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.fields.extend((name, v) for v in chosen)
            self._select = None


class Browser:
    """Cookies, CSRF and forms over plain HTTP (standard library only)."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def request(self, path: str, data: list[tuple[str, str]] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)
        if body is not None:
            request.add_header("Referer", self.base_url + path)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # 3xx and 4xx/5xx land here
            return error.code, error.read().decode(errors="replace")

    def form(self, path: str, form_id: str) -> list[tuple[str, str]]:
        status, html = self.request(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        reader = FormReader(form_id)
        reader.feed(html)
        if not reader.fields:
            raise RuntimeError(f"no form #{form_id} at {path}")
        return reader.fields

    def sign_in(self, username: str, password: str) -> None:
        fields = dict(self.form("/admin/login/", "login-form"))
        fields.update(username=username, password=password)
        status, _ = self.request("/admin/login/?next=/admin/", list(fields.items()))
        if status != 302:
            raise RuntimeError(f"signing in answered {status}, not a redirect")


def edit_on_a_clock(
    base_url: str, username: str, password: str, links: list[int], seconds: float, interval: float
) -> dict:
    count = min(MAX_EDITS, int(seconds / interval))
    editors = [_Editor(base_url, username, password, link) for link in links]
    start = time.monotonic() + interval
    # Editor i saves edits i+1, i+1+len(editors), ...: together, one edit per interval.
    threads = [
        threading.Thread(
            target=editor.run, args=(range(i + 1, count + 1, len(editors)), start, interval)
        )
        for i, editor in enumerate(editors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    answers: dict[str, int] = {}
    for editor in editors:
        for status, times in editor.answers.items():
            answers[status] = answers.get(status, 0) + times
    late = [e for editor in editors for e in editor.lateness if e > interval / 2]
    return {
        "attempted": sum(answers.values()),
        "answers": answers,
        "saved": sum(len(editor.saved) for editor in editors),
        "late": len(late),  # started more than half an interval after they were due
        "links": {
            str(e.link): {"saved": len(e.saved), "last_saved": e.last_saved} for e in editors
        },
        "elapsed_s": round(time.monotonic() - start, 2),
        "edit_seconds": sorted(round(d, 4) for e in editors for d in e.durations),
    }


def save_summary(browser: Browser, link: int, summary: str) -> int:
    """Save `summary` as a referral link's through its change form; the answer's status."""
    path = f"/admin/conditions/referrallink/{link}/change/"
    fields = [(k, v) for k, v in browser.form(path, "referrallink_form") if k != "summary"]
    status, _ = browser.request(path, [*fields, ("summary", summary), ("_save", "Save")])
    return status


class _Editor:
    """One signed-in session saving one link."""

    def __init__(self, base_url: str, username: str, password: str, link: int):
        self.link = link
        self.browser = Browser(base_url)
        self.browser.sign_in(username, password)
        self.answers: dict[str, int] = {}
        self.saved: list[str] = []
        self.durations: list[float] = []
        self.lateness: list[float] = []

    @property
    def last_saved(self) -> str | None:
        return self.saved[-1] if self.saved else None

    def run(self, numbers: range, start: float, interval: float) -> None:
        for n in numbers:
            due = start + (n - 1) * interval
            time.sleep(max(0.0, due - time.monotonic()))
            began = time.monotonic()
            self.lateness.append(began - due)
            summary = f"Bench edit {n}"
            try:
                status = save_summary(self.browser, self.link, summary)
            except (OSError, RuntimeError) as error:
                status = f"error: {error}"
            self.answers[str(status)] = self.answers.get(str(status), 0) + 1
            if status == 302:
                self.saved.append(summary)
            self.durations.append(time.monotonic() - began)


if __name__ == "__main__":
    base, user, password, links, seconds, interval, out = sys.argv[1:8]
    result = edit_on_a_clock(
        base, user, password, [int(pk) for pk in links.split(",")], float(seconds), float(interval)
    )
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
