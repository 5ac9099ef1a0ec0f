"""Load the load-test data set into a database of its own, fast (COPY), once.

    .venv/bin/python -m bench data [--database carres_bench] [--scale 1.0] [--reuse]

At scale 1: 1,000,000 registered marks, 500,000 registered companies, 10,000 training
sessions and 50,000 entrepreneurs, each with five dossiers (a company-creation draft to
walk the wizard with, a trademark draft, and a company, a trademark and a patent dossier
whose states cycle through all seven, so that every kind is in every state), their
timelines, a PDF for each dossier past submission, notifications, a training sign-up
and, for one in five, a support request. `--scale 0.05` loads a twentieth of every count.

Reuses the project's loaders: the marks through `bench.marks_register.load_marks` (COPY with the
indexes dropped, then rebuilt), the companies through `generate_register` (COPY), the
sessions through `bench.trainings.fill`; `seed_demo` first for the reference data. Users
and dossiers are written here with COPY, with triggers off for the load (pghistory and
the foreign-key checks: the rows are made consistent by construction), one password
hash shared by every account. A real PDF is rendered once per language and every
generated document points at it.

With --reuse an existing database loaded at the same scale is kept (a row in the table
`bench_dataset` records what was loaded); anything else is dropped and loaded again.
Either way `var/bench/accounts.json` is written: accounts (e-mail, password, their
dossiers and documents) and search terms for the load test, drawn from the database.
Figures (time per part, row counts) go to var/bench/dataset.json.

| module | what |
|---|---|
| command | `python -m bench data`: the parts in order, --reuse, --drop |
| workflow | the actions that lead a dossier to each state, from carres.workflow |
| people | the entrepreneurs, their sign-ups and support requests |
| dossiers | each dossier's rows, timeline, PDF and notification |
| copier | COPY with explicit ids, the tables and columns, triggers off |
| accounts | the shared PDF files and var/bench/accounts.json |
"""
