"""An editor saving a referral link through the admin's own form, again and again, over HTTP.

Run by bench/run.py as a second process while wrk loads the public pages ("load while editing").
It signs in once (django-axes throttles repeated sign-ins), then for each edit GETs the change
form, reads the CSRF token and every field's current value, changes the summary to a counter
value and POSTs the form back, as a browser would. Every save must be answered with a redirect.

    python bench/admin_editor.py BASE_URL USERNAME PASSWORD LINK_ID SECONDS INTERVAL OUT.json
"""

import http.cookiejar
import json
import sys
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


def edit_repeatedly(
    base_url: str, username: str, password: str, link_id: int, seconds: float, interval: float
) -> dict:
    browser = Browser(base_url)
    browser.sign_in(username, password)
    path = f"/admin/conditions/referrallink/{link_id}/change/"
    answers: dict[str, int] = {}
    saved: list[str] = []
    durations: list[float] = []
    start = time.monotonic()
    for n in range(1, MAX_EDITS + 1):
        due = start + (n - 1) * interval
        if due - start >= seconds or time.monotonic() - start >= seconds:
            break
        time.sleep(max(0.0, due - time.monotonic()))
        began = time.monotonic()
        summary = f"Bench edit {n}"
        try:
            fields = [(k, v) for k, v in browser.form(path, "referrallink_form") if k != "summary"]
            status, _ = browser.request(path, [*fields, ("summary", summary), ("_save", "Save")])
        except (OSError, RuntimeError) as error:
            status = f"error: {error}"
        answers[str(status)] = answers.get(str(status), 0) + 1
        if status == 302:
            saved.append(summary)
        durations.append(time.monotonic() - began)
    return {
        "attempted": sum(answers.values()),
        "answers": answers,
        "saved": len(saved),
        "last_saved": saved[-1] if saved else None,
        "elapsed_s": round(time.monotonic() - start, 2),
        "edit_seconds": sorted(round(d, 4) for d in durations),
    }


if __name__ == "__main__":
    base, user, password, link, seconds, interval, out = sys.argv[1:8]
    result = edit_repeatedly(base, user, password, int(link), float(seconds), float(interval))
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
