"""Importing pupils, their year and groups, and staff from a CSV export of a school's MIS
(SIMS, Arbor, Bromcom and the like).

Every import runs in two steps so that a bad file changes nothing: `parse_pupils` / `parse_staff`
read and check every row and raise `ImportInvalid` listing every problem; `pupils_apply` /
`staff_apply` then write everything in one transaction, with an audit event for each pupil or
person they create or change. Running the same file twice changes nothing and audits nothing.

    values.py     reading one cell (dates, yes/no, sex, NC year, UPN, email, role)
    csv_files.py  reading the file: encoding, header aliases, rows
    results.py    what an import reports: problems and changes
    writing.py    what both imports share when they write: one transaction, batches, audit
    pupils.py     pupil files: checking and writing
    staff.py      staff files: checking and writing
    jobs.py       the web upload: one running job per school, run as a task, its progress, jobs whose worker died
"""

from .csv_files import decode_csv
from .jobs import (
    ImportAlreadyRunning,
    import_job_create,
    import_job_fail_if_stale,
    import_job_run,
    import_job_start,
    import_jobs_fail_stale,
)
from .pupils import PUPIL_COLUMNS, import_pupils, parse_pupils, pupil_columns, pupils_apply
from .results import Change, ImportInvalid, ImportResult, RowError
from .staff import STAFF_COLUMNS, import_staff, parse_staff, staff_apply
from .values import KNOWN_LA_CODES, clean_upn, is_valid_upn, parse_bool, parse_date, parse_nc_year, parse_sex

__all__ = [
    "KNOWN_LA_CODES",
    "PUPIL_COLUMNS",
    "STAFF_COLUMNS",
    "Change",
    "ImportAlreadyRunning",
    "ImportInvalid",
    "ImportResult",
    "RowError",
    "clean_upn",
    "decode_csv",
    "import_job_create",
    "import_job_fail_if_stale",
    "import_job_run",
    "import_job_start",
    "import_jobs_fail_stale",
    "import_pupils",
    "import_staff",
    "is_valid_upn",
    "parse_bool",
    "parse_date",
    "parse_nc_year",
    "parse_pupils",
    "parse_sex",
    "parse_staff",
    "pupil_columns",
    "pupils_apply",
    "staff_apply",
]
