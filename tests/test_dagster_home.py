import yaml

from pipelines.dagster_home import ensure_home


def test_home_is_created_with_telemetry_off_and_kept(tmp_path):
    home = ensure_home(tmp_path / "home")
    config = yaml.safe_load((home / "dagster.yaml").read_text())
    assert config["telemetry"] == {"enabled": False}
    assert config["concurrency"]["runs"]["max_concurrent_runs"] == 1
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    ensure_home(home)  # an operator's edits are never overwritten
    assert "concurrency" not in (home / "dagster.yaml").read_text()


def test_the_config_loads_as_a_dagster_instance(tmp_path, monkeypatch):
    import dagster as dg

    monkeypatch.setenv("DAGSTER_HOME", str(ensure_home(tmp_path / "home")))
    with dg.DagsterInstance.get() as instance:
        assert instance.get_settings("telemetry") == {"enabled": False}
