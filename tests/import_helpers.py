"""Helpers for the importer tests: the hand-checked expectations and field comparison."""

from __future__ import annotations

from pathlib import Path

import yaml

EXPECTED = Path(__file__).parent / "import_expected"


def expected_cases() -> list[Path]:
    return sorted(EXPECTED.glob("*.yml"))


def compare(data: dict, review: list[str], expected: dict) -> list[tuple[str, object, object]]:
    """Every checked field as (name, expected, actual); equal when the importer got it right."""
    checks: list[tuple[str, object, object]] = []
    for key in ("title", "published", "kind"):
        checks.append((key, expected[key], data.get(key)))
    issuer = data.get("issuer") or {}
    for key in ("name", "region"):
        checks.append((f"issuer.{key}", expected["issuer"].get(key), issuer.get(key)))
    inspection = data.get("inspection") or {}
    for key in ("type", "round", "team", "start", "end", "feedback"):
        checks.append((f"inspection.{key}", (expected.get("inspection") or {}).get(key), inspection.get(key)))
    headings = [s["heading"] for s in data.get("sections", [])]
    checks.append(("sections.count", len(expected["sections"]), len(headings)))
    checks.append(("sections.headings", expected["sections"], headings))
    problems = [p for s in data.get("sections", []) for p in s.get("problems", [])] + list(data.get("problems", []))
    checks.append(("problems.count", expected["problems_count"], len(problems)))
    for index, fields in (expected.get("problems") or {}).items():
        for key, value in fields.items():
            actual = problems[index].get(key) if index < len(problems) else None
            checks.append((f"problems[{index}].{key}", value, actual))
    checks.append(("progress", expected.get("progress"), dict(data["progress"]) if data.get("progress") else None))
    contact = data.get("contact") or {}
    exp_contact = expected.get("contact") or {}
    for key in ("invitation", "phones", "emails", "address", "postcode", "person"):
        default = [] if key in ("phones", "emails") else None
        actual = contact.get(key, default)
        checks.append((f"contact.{key}", exp_contact.get(key, default), list(actual) if isinstance(actual, list) else actual))
    for needle in expected.get("review_contains") or []:
        checks.append((f"review ∋ {needle}", True, any(needle in flag for flag in review)))
    return checks


def load_expected(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))
