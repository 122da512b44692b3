"""Programme registry: stages, teams and stage inference from dates."""

from datetime import date

import pytest

from pipelines.normalise.companies import CompanyRegistry
from pipelines.normalise.programmes import ProgrammeRegistry


@pytest.fixture(scope="module")
def programmes() -> ProgrammeRegistry:
    return ProgrammeRegistry.load()


def test_both_programmes_are_configured(programmes):
    assert set(programmes.ids) >= {"kr-sovereign-ai", "indiaai"}
    kr = programmes.get("kr-sovereign-ai")
    assert [s.id for s in kr.stages] == [
        "call", "written_review", "presentation_review", "stage1", "additional_call", "stage2",
    ]  # fmt: skip
    assert [s.id for s in programmes.get("indiaai").stages] == ["round1", "round2", "round3"]


def test_teams_are_the_fifteen_leads_plus_trillion_labs(programmes):
    kr = programmes.get("kr-sovereign-ai")
    assert len(kr.teams) == 16
    assert kr.team("trillion-labs").entered == ("additional_call",)


def test_team_members_agree_with_company_memberships(programmes):
    registry = CompanyRegistry.load()
    for programme in programmes:
        for team in programme.teams:
            assert team.lead in registry
            for member in team.members:
                roles = {(m.team, m.role) for m in registry.get(member).memberships}
                assert (team.lead, "member") in roles, (team.lead, member)


@pytest.mark.parametrize(
    ("status", "start", "end", "expected"),
    [
        ("applied", date(2025, 7, 21), None, "call"),
        ("shortlisted", date(2025, 7, 25), None, "written_review"),
        ("eliminated", date(2025, 7, 25), None, "written_review"),
        ("selected", date(2025, 8, 4), None, "presentation_review"),
        ("eliminated", date(2025, 8, 1), date(2025, 8, 31), "presentation_review"),
        ("eliminated", date(2026, 1, 15), None, "stage1"),
        ("eliminated", date(2026, 1, 20), None, "stage1"),
        ("declined", date(2026, 1, 15), None, "additional_call"),
        ("intends_to_apply", date(2026, 1, 20), None, "additional_call"),
        ("applied", date(2026, 2, 12), None, "additional_call"),
        ("selected", date(2026, 2, 20), None, "additional_call"),
        ("eliminated", date(2026, 2, 21), None, "additional_call"),
        ("eliminated", date(2025, 1, 1), date(2025, 12, 31), None),  # ambiguous: two reviews
        ("selected", date(2025, 7, 8), None, None),  # nothing was selected then
    ],
)
def test_infer_stage(programmes, status, start, end, expected):
    stage = programmes.get("kr-sovereign-ai").infer_stage(status, start, end)
    assert (stage.id if stage else None) == expected


def test_status_map(programmes):
    kr = programmes.get("kr-sovereign-ai")
    assert kr.stage("written_review").map_status("advanced") == "shortlisted"
    assert kr.stage("stage1").map_status("advanced") == "advanced"


def test_a_new_programme_is_only_config():
    data = {
        "programme": [
            {
                "id": "jp-geniac",
                "name_ko": "GENIAC",
                "name_en": "GENIAC",
                "country": "JP",
                "stages": [
                    {
                        "id": "cycle1",
                        "order": 1,
                        "opens": date(2024, 2, 1),
                        "decided": date(2024, 2, 2),
                        "statuses": ["selected"],
                    }
                ],
                "teams": [{"lead": "preferred-elements", "entered": ["cycle1"]}],
            }
        ]
    }
    reg = ProgrammeRegistry.from_dict(data)
    assert reg.get("jp-geniac").infer_stage("selected", date(2024, 2, 2)).id == "cycle1"


def test_unknown_entered_stage_is_rejected():
    data = {
        "programme": [
            {
                "id": "x",
                "name_ko": "x",
                "name_en": "x",
                "country": "XX",
                "stages": [],
                "teams": [{"lead": "a", "entered": ["nope"]}],
            }
        ]
    }
    with pytest.raises(ValueError):
        ProgrammeRegistry.from_dict(data)
