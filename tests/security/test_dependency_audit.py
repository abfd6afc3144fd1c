"""The dependency audit's verdict on pip-audit's report: a finding fails, a package not checked
fails, and a machine that reaches no advisory source says so rather than passing quietly."""

from __future__ import annotations

from scripts.audit_dependencies import FAIL, PASS, verdict

CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE = {
    "name": "django",
    "version": "5.2.0",
    "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.2"], "description": "..."}],
}
NOT_CHECKED = {"name": "argon2-cffi", "skip_reason": "Dependency not found on PyPI and could not be audited"}


def test_a_known_vulnerable_pin_fails_and_names_the_advisory():
    result = verdict({"dependencies": [CLEAN, VULNERABLE]}, unreachable_allowed=True)

    assert result.code == FAIL
    assert "django 5.2.0: PYSEC-2025-1" in result.message
    assert "5.2.2" in result.message


def test_every_package_checked_and_clean_passes():
    result = verdict({"dependencies": [CLEAN]}, unreachable_allowed=False)

    assert result.code == PASS
    assert "1 pinned packages audited" in result.message


def test_no_advisory_source_fails_by_default():
    result = verdict({"dependencies": [NOT_CHECKED, NOT_CHECKED]}, unreachable_allowed=False)

    assert result.code == FAIL
    assert "could not be audited" in result.message


def test_no_advisory_source_where_allowed_says_the_audit_did_not_run():
    result = verdict({"dependencies": [NOT_CHECKED]}, unreachable_allowed=True)

    assert result.code == PASS
    assert "DEPENDENCY AUDIT NOT RUN" in result.message


def test_some_packages_not_checked_fails_even_where_no_source_is_allowed():
    result = verdict({"dependencies": [CLEAN, NOT_CHECKED]}, unreachable_allowed=True)

    assert result.code == FAIL
    assert "argon2-cffi" in result.message


def test_an_empty_report_fails():
    assert verdict({"dependencies": []}, unreachable_allowed=True).code == FAIL
