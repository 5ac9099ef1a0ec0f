"""The scripted mixed load of `make bench`: visitors and signed-in entrepreneurs.

    .venv/bin/locust -f bench/locustfile.py --headless -u 50 -r 1 --run-time 4m \\
        --host http://127.0.0.1:8601

Accounts and search terms come from var/bench/accounts.json (written by
bench/data/ from the bench database). Two kinds of users, 2 visitors for 3
entrepreneurs, each waiting 1 to 3 s between actions:

- a visitor reads the home page, the trainings catalogue (pages, filters) and sessions,
  the chambers directory, the Nice class picker and fee estimate, and searches prior marks;
- an entrepreneur signs in once (the real allauth form, the real password hash), then
  opens their dashboard and dossiers, walks the company and trademark wizards (and saves
  a step), checks company names as they type (htmx), searches prior marks, downloads
  their PDF dossiers and looks at their trainings and support requests.

Every request is named "<category>: <what>"; the categories are those of the report's
goals: page, search, download, action (a form post), auth (sign-in). Each user sends its
own X-Forwarded-For address, as 50 people behind the site's proxy would (the server runs
with TRUSTED_PROXY_COUNT=1), so that per-address rate limits see 50 people.
"""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import FastHttpUser, between, task

DATA = json.loads(
    Path(
        os.environ.get(
            "BENCH_ACCOUNTS",
            Path(__file__).resolve().parent.parent / "var" / "bench" / "accounts.json",
        )
    ).read_text()
)
ACCOUNTS = itertools.cycle(DATA["accounts"])
ADDRESSES = itertools.count(1)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOCK_VERSION = re.compile(r'name="lock_version" value="(\d+)"')
SESSION_LINK = re.compile(r"/trainings/sessions/(\d+)/")
THEMES = ["", "trademarks", "patents", "ip_basics", "company_creation", "designs"]
LANGUAGES = ["fr", "fr", "fr", "ar", "en"]
COMPANY_STEPS = ["names", "activity", "associates", "managers", "head_office", "documents"]
TRADEMARK_STEPS = ["mark", "classes", "search", "applicant", "priority"]


class Visitor(FastHttpUser):
    """Someone who has not signed in."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        number = next(ADDRESSES)
        self.headers = {
            "X-Forwarded-For": f"10.{number // 65536}.{number // 256 % 256}.{number % 256}"
        }
        self.language = random.choice(LANGUAGES)
        self.sessions = []

    def get(self, url, name, headers=None, **kwargs):
        headers = {**self.headers, **(headers or {})}
        return self.client.get(url, name=name, headers=headers, **kwargs)

    @task(3)
    def home(self):
        self.get(f"/{self.language}/", "page: home")

    @task(6)
    def catalogue(self):
        theme = random.choice(THEMES)
        page = random.choice([1, 1, 1, 2, 3, random.randint(4, 50)])
        query = f"?theme={theme}&page={page}" if theme else f"?page={page}"
        response = self.get(f"/{self.language}/trainings/{query}", "page: trainings catalogue")
        if response.text:
            self.sessions = SESSION_LINK.findall(response.text)[:20] or self.sessions

    @task(3)
    def session(self):
        if not self.sessions:
            return self.catalogue()
        pk = random.choice(self.sessions)
        self.get(f"/{self.language}/trainings/sessions/{pk}/", "page: training session")
        return None

    @task(4)
    def chambers(self):
        self.get(f"/{self.language}/chambers/", "page: chambers directory")

    @task(5)
    def prior_marks(self):
        query = random.choice(DATA["mark_queries"])
        self.get(
            f"/{self.language}/trademarks/search/",
            "search: prior marks",
            params={"mark": query["mark"], "classes": query["classes"]},
        )

    @task(1)
    def classes(self):
        self.get(
            f"/{self.language}/trademarks/classes/",
            "page: Nice class picker",
            params={"q": random.choice(["vêtements", "logiciel", "café", "transport"])},
        )

    @task(1)
    def fees(self):
        self.get(
            f"/{self.language}/trademarks/fees/",
            "page: fee estimate",
            params={"classes": random.choice(["25", "25,35", "9,35,42"]), "applicant_kind": "sme"},
        )


class Entrepreneur(FastHttpUser):
    """A signed-in entrepreneur working on their dossiers."""

    weight = 3
    wait_time = between(1, 3)

    def on_start(self):
        number = next(ADDRESSES)
        self.headers = {
            "X-Forwarded-For": f"10.{number // 65536}.{number // 256 % 256}.{number % 256}"
        }
        self.account = next(ACCOUNTS)
        self.language = "fr"
        page = self.client.get(
            "/fr/accounts/login/", name="auth: sign-in page", headers=self.headers
        )
        token = CSRF.search(page.text or "")
        with self.client.post(
            "/fr/accounts/login/",
            name="auth: sign in",
            headers=self.headers,
            data={
                "login": self.account["email"],
                "password": self.account["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}, not a redirect")

    def get(self, url, name, headers=None, **kwargs):
        headers = {**self.headers, **(headers or {})}
        return self.client.get(url, name=name, headers=headers, **kwargs)

    @task(10)
    def dashboard(self):
        self.get("/fr/dashboard/", "page: dashboard")

    @task(2)
    def notifications(self):
        self.get("/fr/notifications/", "page: notifications")

    @task(4)
    def company(self):
        if self.account["company"]:
            pk = random.choice(self.account["company"])
            self.get(f"/fr/companies/{pk}/", "page: company dossier")

    @task(3)
    def trademark(self):
        if self.account["trademark"]:
            pk = random.choice(self.account["trademark"])
            self.get(f"/fr/trademarks/dossiers/{pk}/", "page: trademark dossier")

    @task(2)
    def patent(self):
        if self.account["patent"]:
            pk = random.choice(self.account["patent"])
            self.get(f"/fr/patents/{pk}/", "page: patent dossier")

    @task(8)
    def company_wizard(self):
        pk = self.account["company_draft"]
        step = random.choice([*COMPANY_STEPS, "review"])
        self.get(f"/fr/companies/{pk}/step/{step}/", f"page: company wizard, {step}")

    @task(2)
    def company_wizard_save(self):
        """Open the activity step and save it as it is: the draft's version moves on."""
        pk = self.account["company_draft"]
        url = f"/fr/companies/{pk}/step/activity/"
        page = self.get(url, "page: company wizard, activity")
        token, version = CSRF.search(page.text or ""), LOCK_VERSION.search(page.text or "")
        if not (token and version):
            return
        with self.client.post(
            url,
            name="action: save a company wizard step",
            headers=self.headers,
            data={
                "csrfmiddlewaretoken": token.group(1),
                "lock_version": version.group(1),
                "activity": "Conception de logiciels et conseil aux entreprises",
                "activity_codes": "62.01",
            },
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"saving the step answered {response.status_code}")

    @task(4)
    def trademark_wizard(self):
        pk = self.account["trademark_draft"]
        step = random.choice(TRADEMARK_STEPS)
        self.get(f"/fr/trademarks/dossiers/{pk}/step/{step}/", f"page: trademark wizard, {step}")

    @task(6)
    def name_check(self):
        """The htmx check under a name field, as the entrepreneur types."""
        pk = self.account["company_draft"]
        name = random.choice(DATA["name_queries"])
        self.get(
            f"/fr/companies/{pk}/check-name/",
            "search: company name check",
            params={"field": "name_1", "name_1": name},
            headers={"HX-Request": "true"},
        )

    @task(4)
    def prior_marks(self):
        query = random.choice(DATA["mark_queries"])
        self.get(
            "/fr/trademarks/search/",
            "search: prior marks",
            params={"mark": query["mark"], "classes": query["classes"]},
        )

    @task(3)
    def pdf(self):
        if self.account["documents"]:
            pk = random.choice(self.account["documents"])
            self.get(f"/fr/dossiers/documents/{pk}/", "download: PDF dossier")

    @task(2)
    def trainings(self):
        self.get("/fr/trainings/mine/", "page: my trainings")

    @task(1)
    def requests(self):
        self.get("/fr/chambers/requests/", "page: my support requests")
