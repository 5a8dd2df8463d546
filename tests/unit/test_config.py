"""Settings: options win over environment variables, folders are read once, unusable settings are named."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from corridors.config import ConfigError, check_config, config_from_env, default_db_path
from sources.ingest import BUNDLED_CORPUS


def test_options_win_over_the_environment(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    env = {"CORRIDORS_CORPUS": str(a), "CORRIDORS_DB": str(tmp_path / "env.sqlite"),
           "CORRIDORS_CACHE_DIR": str(tmp_path)}
    cfg = config_from_env(env, db=str(tmp_path / "opt.sqlite"), corpus=(str(b),))
    assert (cfg.corpus_dirs, cfg.db_path, cfg.corpus_from, cfg.db_from) == ((b,), tmp_path / "opt.sqlite",
                                                                           "--corpus", "--db")
    cfg = config_from_env(env)
    assert (cfg.corpus_dirs, cfg.db_path, cfg.corpus_from, cfg.db_from) == ((a,), tmp_path / "env.sqlite",
                                                                           "CORRIDORS_CORPUS", "CORRIDORS_DB")
    check_config(cfg)


def test_the_default_is_the_bundled_corpus_in_the_cache(tmp_path):
    cfg = config_from_env({"CORRIDORS_CACHE_DIR": str(tmp_path)})
    assert cfg.corpus_dirs == (BUNDLED_CORPUS,) and not cfg.corpus_explicit and cfg.db_from == "default"
    assert cfg.db_path.parent == tmp_path and cfg.db_path.name.startswith("index-bundled-")


def test_two_checkouts_never_share_the_default_index(tmp_path):
    """The bundled corpus of another checkout is another folder: another index (issue 13 point 9)."""
    env = {"CORRIDORS_CACHE_DIR": str(tmp_path)}
    other = tmp_path / "checkout2" / "sources" / "corpus"
    other.mkdir(parents=True)
    here = default_db_path((BUNDLED_CORPUS,), env)
    assert here == config_from_env(env).db_path
    assert default_db_path((other,), env) != here
    assert default_db_path((BUNDLED_CORPUS,), env) == here  # stable: the same folder, the same index


def test_the_same_folders_in_another_spelling_share_one_index(tmp_path):
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    (tmp_path / "link").symlink_to(d)
    env = {"CORRIDORS_CACHE_DIR": str(tmp_path)}
    one = config_from_env(env, corpus=(str(d),))
    other = config_from_env(env, corpus=(str(tmp_path / "link"), str(d / "sub"), str(d) + "/"))
    assert other.corpus_dirs == (tmp_path / "link",) and len(other.notes) == 2
    assert default_db_path(one.corpus_dirs, env) == default_db_path(other.corpus_dirs, env)


@pytest.mark.parametrize("env, named", [
    ({"CORRIDORS_CORPUS": os.pathsep.join(["/nonexistent/one", "/nonexistent/two"])}, "/nonexistent/one"),
    ({"CORRIDORS_DB": "sqlite:///x.db"}, "URLs"),
    ({"CORRIDORS_DB": "out/"}, "folder separator"),
])
def test_unusable_environment_settings_are_named(tmp_path, env, named):
    cfg = config_from_env({"CORRIDORS_CACHE_DIR": str(tmp_path), **env})
    with pytest.raises(ConfigError) as exc:
        check_config(cfg)
    assert named in str(exc.value) and next(iter(env)) in str(exc.value)


def test_corridors_db_naming_a_folder_is_refused(tmp_path):
    cfg = config_from_env({"CORRIDORS_DB": str(tmp_path)})
    with pytest.raises(ConfigError, match="CORRIDORS_DB: .*is a folder"):
        check_config(cfg)
    assert Path(tmp_path).is_dir() and not list(tmp_path.iterdir())


def test_a_quoted_tilde_means_home_not_a_folder_named_tilde(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "arts").mkdir()
    cfg = config_from_env({"CORRIDORS_DB": "~/idx.sqlite", "CORRIDORS_CORPUS": "~/arts"})
    assert cfg.db_path == tmp_path / "idx.sqlite" and cfg.corpus_dirs == (tmp_path / "arts",)
    check_config(cfg)
