"""Bad files and bad data are refused with messages naming the item and field, and nothing is written
(also when writing fails half-way); --dry-run only validates."""

import copy
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from knowledge.transfer import export_knowledge, import_knowledge
from knowledge.transfer.writing import Writer
from tests.knowledge.transfer.support import CORPUS, item_in, row_counts, run_import, write_json

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------ bad input


def mutate(path, value):
    """Set data[path...] = value (or delete it when value is DELETE)."""

    def apply(data):
        target = data
        for step in path[:-1]:
            target = target[step]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return data

    return apply


DELETE = object()


def extra_top_level_key(data):
    data["videos"] = []
    return data


def duplicate_case_study(data):
    data["case_studies"].append(copy.deepcopy(data["case_studies"][0]))
    return data


def notice_with_case_study_slug(data):
    data["program_notices"][4]["slug"] = "mishima-greenway"
    return data


BAD_DATA = [
    ("unknown top-level key", extra_top_level_key, ['Unknown top-level key "videos"']),
    ("top level not an object", lambda d: [d], ["The top level must be a JSON object"]),
    (
        "unknown municipality",
        mutate(["case_studies", 4, "municipality"], "999999"),
        ['case_studies[4] (slug "fukuchiyama-flood"), field "municipality": unknown municipality "999999"'],
    ),
    (
        "unknown person",
        mutate(["seminar_recordings", 2, "speakers"], ["nobody"]),
        ['seminar_recordings[2] (slug "toplive-01"), field "speakers": unknown person "nobody"'],
    ),
    (
        "unknown presenter",
        mutate(["case_studies", 1, "presenter"], "nobody"),
        ['case_studies[1] (slug "toyonaka-schools"), field "presenter": unknown person "nobody"'],
    ),
    (
        "unknown theme",
        mutate(["program_notices", 4, "themes"], ["culture", "sports"]),
        ['program_notices[4] (slug "bunka-festival"), field "themes": unknown theme "sports"'],
    ),
    (
        "unknown organisation",
        mutate(["program_notices", 1, "organization"], "meti"),
        ['program_notices[1] (slug "company-matching"), field "organization": unknown organisation "meti"'],
    ),
    (
        "unknown person's municipality",
        mutate(["people", 2, "municipality"], "000000"),
        ['people[2] (slug "hamada-takeshi"), field "municipality": unknown municipality "000000"'],
    ),
    (
        "reading not in kana",
        mutate(["people", 2, "kana"], "Hamada Takeshi"),
        ['people[2] (slug "hamada-takeshi"), field "kana": "Hamada Takeshi" is not a reading in kana'],
    ),
    ("missing slug", mutate(["themes", 1, "slug"], DELETE), ['themes[1], field "slug": is required']),
    (
        "missing Japanese title",
        mutate(["case_studies", 2, "title"], {"en": "History tourism"}),
        ['case_studies[2] (slug "takatsuki-haniwa"), field "title.ja": the Japanese text is required'],
    ),
    (
        "missing title",
        mutate(["program_notices", 0, "title"], DELETE),
        ['program_notices[0] (slug "osaka-expo-legacy"), field "title": is required'],
    ),
    (
        "missing case study date",
        mutate(["case_studies", 3, "date"], DELETE),
        ['case_studies[3] (slug "izumi-mokuzai"), field "date": is required'],
    ),
    (
        "missing recorded_on",
        mutate(["seminar_recordings", 0, "recorded_on"], DELETE),
        ['seminar_recordings[0] (slug "future-06"), field "recorded_on": is required'],
    ),
    (
        "missing series",
        mutate(["seminar_recordings", 1, "series"], DELETE),
        ['seminar_recordings[1] (slug "regional-02"), field "series": is required'],
    ),
    (
        "missing prefecture",
        mutate(["municipalities", 2, "prefecture"], DELETE),
        ['municipalities[2] (code "272078"), field "prefecture": is required'],
    ),
    (
        "unknown prefecture",
        mutate(["municipalities", 2, "prefecture"], {"ja": "大坂府", "en": "Osake"}),
        ['municipalities[2] (code "272078"), field "prefecture": no prefecture is named'],
    ),
    (
        "missing municipality code",
        mutate(["municipalities", 0, "code"], DELETE),
        ['municipalities[0], field "code": is required'],
    ),
    (
        "municipality code as a number",
        mutate(["municipalities", 0, "code"], 222062),
        ['municipalities[0], field "code": 222062 is not a six-digit local government code'],
    ),
    (
        "missing municipality name",
        mutate(["municipalities", 1, "name"], DELETE),
        ['municipalities[1] (code "272035"), field "name": is required'],
    ),
    (
        "impossible date",
        mutate(["case_studies", 0, "date"], "2025-02-30"),
        ['case_studies[0] (slug "mishima-greenway"), field "date": "2025-02-30" is not a real date'],
    ),
    (
        "date in another format",
        mutate(["program_notices", 3, "applications_close"], "28/02/2026"),
        [
            'program_notices[3] (slug "mlit-walkable"), field "applications_close": '
            '"28/02/2026" is not a date in the form YYYY-MM-DD'
        ],
    ),
    (
        "unknown audience",
        mutate(["case_studies", 5, "audience"], "staff"),
        ['case_studies[5] (slug "tokyo-antenna"), field "audience": "staff" is not one of public, members'],
    ),
    (
        "missing audience",
        mutate(["case_studies", 5, "audience"], DELETE),
        ['case_studies[5] (slug "tokyo-antenna"), field "audience": is required'],
    ),
    (
        "unknown kind",
        mutate(["program_notices", 2, "kind"], "party"),
        ['program_notices[2] (slug "general-meeting"), field "kind": "party" is not one of'],
    ),
    (
        "unknown series",
        mutate(["seminar_recordings", 2, "series"], "late-show"),
        ['seminar_recordings[2] (slug "toplive-01"), field "series": "late-show" is not one of'],
    ),
    ("unknown axis", mutate(["themes", 0, "axis"], "grow"), ['themes[0] (slug "tourism"), field "axis": "grow" is not one of']),
    (
        "unknown membership",
        mutate(["municipalities", 4, "membership"], "associate"),
        ['municipalities[4] (code "262013"), field "membership": "associate" is not one of full, participant'],
    ),
    (
        "episode as a word",
        mutate(["case_studies", 1, "episode"], "seven"),
        ['case_studies[1] (slug "toyonaka-schools"), field "episode": "seven" is not a whole number'],
    ),
    (
        "negative duration",
        mutate(["seminar_recordings", 0, "duration_seconds"], -5),
        ['seminar_recordings[0] (slug "future-06"), field "duration_seconds": -5 is out of range'],
    ),
    (
        "transcript start as text",
        mutate(["seminar_recordings", 1, "transcript", 1, "start"], "ten"),
        ['seminar_recordings[1] (slug "regional-02"), field "transcript[1].start": "ten" is not a whole number of seconds'],
    ),
    (
        "chapter without Japanese title",
        mutate(["seminar_recordings", 1, "chapters", 2, "title"], {"en": "Questions"}),
        ['seminar_recordings[1] (slug "regional-02"), field "chapters[2].title.ja": the Japanese text is required'],
    ),
    (
        "title as a plain string",
        mutate(["case_studies", 0, "title"], "湧水"),
        ['case_studies[0] (slug "mishima-greenway"), field "title": must be an object like {"ja": "...", "en": "..."}'],
    ),
    (
        "themes not a list",
        mutate(["case_studies", 0, "themes"], "tourism"),
        ['case_studies[0] (slug "mishima-greenway"), field "themes": must be a list of theme slugs'],
    ),
    (
        "misspelt field",
        mutate(["case_studies", 0, "presnter"], "toyooka-takeshi"),
        ['case_studies[0] (slug "mishima-greenway"), field "presnter": unknown field'],
    ),
    (
        "event ends before it starts",
        mutate(["program_notices", 4, "event_end"], "2026-06-30"),
        ['program_notices[4] (slug "bunka-festival"), field "event_end": 2026-06-30 is before event_start 2026-07-01'],
    ),
    (
        "duplicate slug in a section",
        duplicate_case_study,
        [
            'case_studies[6] (slug "mishima-greenway"), field "slug": '
            'duplicate page slug "mishima-greenway" (also at case_studies[0])'
        ],
    ),
    (
        "duplicate slug across page types",
        notice_with_case_study_slug,
        [
            'program_notices[4] (slug "mishima-greenway"), field "slug": '
            'duplicate page slug "mishima-greenway" (also at case_studies[0])'
        ],
    ),
    (
        "duplicate theme",
        mutate(["themes", 5, "slug"], "dx"),
        ['themes[5] (slug "dx"), field "slug": duplicate slug "dx" (also at themes[2])'],
    ),
    (
        "bad video URL",
        mutate(["seminar_recordings", 0, "video_url"], "javascript:alert(1)"),
        ['seminar_recordings[0] (slug "future-06"), field "video_url": "javascript:alert(1)" is not an http(s) URL'],
    ),
]


@pytest.mark.parametrize("change, expected", [case[1:] for case in BAD_DATA], ids=[case[0] for case in BAD_DATA])
def test_bad_data_is_refused_naming_item_and_field_and_nothing_is_written(tmp_path, corpus, change, expected):
    path = write_json(tmp_path, change(corpus))
    before = row_counts()
    with pytest.raises(CommandError) as error:
        run_import(path)
    message = str(error.value)
    assert message.startswith(f"{path}: Nothing was imported: ")
    for fragment in expected:
        assert fragment in message
    assert row_counts() == before


@pytest.mark.parametrize(
    "content, expected",
    [
        (b'{"themes": [', "is not valid JSON: Expecting value at line 1, column 13."),
        (b"", "is not valid JSON"),
        ('{"themes": []}'.encode("utf-16"), "is not UTF-8 text"),
        (b'"just a string"', "The top level must be a JSON object"),
        (b'{"themes": {"slug": "dx"}}', '"themes" must be a list.'),
        (b'{"themes": ["dx"]}', "themes[0]: must be an object."),
    ],
)
def test_unreadable_files_are_refused(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = row_counts()
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert expected in str(error.value)
    assert row_counts() == before


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"File not found: .*nowhere\.json"):
        run_import(tmp_path / "nowhere.json")


def test_every_problem_is_listed_and_an_existing_database_is_left_as_it_was(tmp_path, corpus):
    import_knowledge(copy.deepcopy(corpus))
    exported, before = export_knowledge(), row_counts()
    # valid changes mixed with three problems: none of the changes may land
    item_in(corpus, "themes", "dx")["name"]["ja"] = "デジタル"
    item_in(corpus, "case_studies", "mishima-greenway")["title"]["ja"] = "新しい題名"
    corpus["case_studies"].append({"slug": "new-page", "date": "2025-01-01", "audience": "public", "title": {"ja": "新しい事例"}})
    item_in(corpus, "case_studies", "toyonaka-schools")["episode"] = "seven"
    item_in(corpus, "seminar_recordings", "future-06")["recorded_on"] = "2025-13-01"
    item_in(corpus, "program_notices", "general-meeting")["audience"] = "everyone"
    with pytest.raises(CommandError) as error:
        run_import(write_json(tmp_path, corpus))
    message = str(error.value)
    assert "3 problems found." in message
    assert 'case_studies[1] (slug "toyonaka-schools"), field "episode"' in message
    assert 'seminar_recordings[0] (slug "future-06"), field "recorded_on"' in message
    assert 'program_notices[2] (slug "general-meeting"), field "audience"' in message
    assert row_counts() == before
    assert export_knowledge() == exported


def test_a_failure_while_writing_rolls_everything_back(monkeypatch, corpus):
    before = row_counts()
    original = Writer.write_pages

    def fail_on_case_studies(self, section, model):
        if section == "case_studies":
            raise RuntimeError("disk full")
        return original(self, section, model)

    monkeypatch.setattr(Writer, "write_pages", fail_on_case_studies)
    with pytest.raises(RuntimeError):
        import_knowledge(corpus)
    assert row_counts() == before


def test_real_command_reports_bad_input_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"themes": [{"slug": "dx",}]}', encoding="utf-8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_knowledge", str(bad)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"CommandError: {bad}: Nothing was imported: 1 problem found." in result.stderr
    assert "is not valid JSON" in result.stderr


def test_dry_run_validates_without_writing(tmp_path, corpus):
    before = row_counts()
    out = StringIO()
    call_command("import_knowledge", str(CORPUS), "--dry-run", stdout=out)
    assert "valid, nothing written" in out.getvalue()
    item_in(corpus, "case_studies", "mishima-greenway")["date"] = "2024-04-31"
    with pytest.raises(
        CommandError, match=r'case_studies\[0\] \(slug "mishima-greenway"\), field "date": "2024-04-31" is not a real date'
    ):
        call_command("import_knowledge", str(write_json(tmp_path, corpus)), "--dry-run", stdout=StringIO())
    assert row_counts() == before
