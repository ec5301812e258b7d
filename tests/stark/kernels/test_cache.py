"""Where compiled code is cached, and when a shipped cache (and its CPU level) is used."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from stark.kernels import cache

V3 = frozenset(cache.LEVELS["x86-64-v3"])


def _ship(folder: Path, manifest: cache.Manifest | None = None, text: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if text is None:
        text = json.dumps(asdict(manifest or cache.Manifest.here("x86-64-v3")))
    (folder / cache.MANIFEST).write_text(text)
    kernels = folder / "kernels"
    kernels.mkdir(exist_ok=True)
    (kernels / "ntt.forward-10.py311.nbi").write_bytes(b"index")
    (kernels / "ntt.forward-10.py311.1.nbc").write_bytes(b"code")
    return folder


def test_explicit_cache_dir_wins(tmp_path):
    setup = cache.plan({cache.CACHE_ENV: str(tmp_path)}, shipped=tmp_path / "none")
    assert setup == cache.CacheSetup(cache_dir=str(tmp_path))


def test_writable_package_uses_numba_default(monkeypatch, tmp_path):
    monkeypatch.setattr(os, "access", lambda path, mode: True)
    assert cache.plan({}, shipped=tmp_path / "none") == cache.CacheSetup(cache_dir=None)


def test_read_only_package_goes_to_tmp(monkeypatch, tmp_path):
    """As in a deployed Lambda, where only /tmp is writable."""
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    setup = cache.plan({}, shipped=tmp_path / "none")
    assert setup.cache_dir is not None and setup.cpu is None
    assert Path(setup.cache_dir).parent == Path(tempfile.gettempdir())


def test_shipped_cache_sets_its_level_and_seeds_tmp(tmp_path):
    shipped = _ship(tmp_path / "shipped")
    setup = cache.plan({}, shipped=shipped, features=V3 | {"avx512f"})
    assert setup.cpu == "x86-64-v3"
    assert setup.seed == shipped
    assert Path(setup.cache_dir).parent == Path(tempfile.gettempdir())
    explicit = cache.plan({cache.CACHE_ENV: str(tmp_path / "c")}, shipped=shipped, features=V3)
    assert explicit.cache_dir == str(tmp_path / "c") and explicit.cpu == "x86-64-v3"


@pytest.mark.parametrize(
    "why",
    ["older cpu", "other numba", "other python", "cpu set by hand", "corrupt manifest", "format"],
)
def test_shipped_cache_is_left_unused(why, tmp_path):
    here = cache.Manifest.here("x86-64-v3")
    features, environ, text, manifest = V3, {cache.CACHE_ENV: str(tmp_path / "c")}, None, here
    if why == "older cpu":
        features = V3 - {"avx2"}
    elif why == "other numba":
        manifest = replace(here, numba="0.1.0")
    elif why == "other python":
        manifest = replace(here, python="3.9")
    elif why == "cpu set by hand":
        environ[cache.CPU_ENV] = "skylake"
    elif why == "corrupt manifest":
        text = "{not json"
    else:
        manifest = replace(here, format=cache.FORMAT + 1)
    shipped = _ship(tmp_path / "shipped", manifest, text)
    setup = cache.plan(environ, shipped=shipped, features=features)
    assert setup == cache.CacheSetup(cache_dir=str(tmp_path / "c"))


def test_configure_sets_numba_variables(tmp_path, monkeypatch):
    shipped = _ship(tmp_path / "shipped")
    monkeypatch.setattr(cache, "SHIPPED", shipped)
    monkeypatch.setattr(cache, "host_features", lambda: V3)
    environ = {cache.CACHE_ENV: str(tmp_path / "c")}
    setup = cache.configure(environ)
    assert environ[cache.CPU_ENV] == "x86-64-v3"
    assert environ[cache.FEATURES_ENV] == ""  # the level's features, not the host's
    assert setup.seed == shipped


def test_seed_copies_into_numbas_folder_and_keeps_what_is_there(tmp_path):
    shipped = _ship(tmp_path / "shipped")
    setup = cache.CacheSetup(cache_dir=str(tmp_path / "c"), cpu="x86-64-v3", seed=shipped)
    target = tmp_path / "c" / cache._cache_subdir(cache.PACKAGE / "kernels")
    target.mkdir(parents=True)
    (target / "ntt.forward-10.py311.nbi").write_bytes(b"newer index")
    assert cache.seed(setup) == 1
    assert (target / "ntt.forward-10.py311.1.nbc").read_bytes() == b"code"
    assert (target / "ntt.forward-10.py311.nbi").read_bytes() == b"newer index"
    assert sorted(p.name for p in target.iterdir()) == [
        "ntt.forward-10.py311.1.nbc",
        "ntt.forward-10.py311.nbi",
    ]
    assert cache.seed(setup) == 0


def test_seed_without_shipped_cache_does_nothing(tmp_path):
    assert cache.seed(cache.CacheSetup(cache_dir=str(tmp_path))) == 0
    assert list(tmp_path.iterdir()) == []


def test_build_refuses_unknown_level_and_missing_features(tmp_path, monkeypatch):
    with pytest.raises(cache.CacheBuildError, match="unknown CPU level 'pentium'"):
        cache.build(tmp_path / "out", "pentium")
    monkeypatch.setattr(cache, "host_features", lambda: V3 - {"bmi2", "avx2"})
    with pytest.raises(cache.CacheBuildError, match="missing avx2, bmi2"):
        cache.build(tmp_path / "out", "x86-64-v3")
    assert not (tmp_path / "out").exists()


def test_seed_into_an_unwritable_folder_warns_and_goes_on(tmp_path):
    shipped = _ship(tmp_path / "shipped")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    setup = cache.CacheSetup(cache_dir=str(blocker / "c"), cpu="x86-64-v3", seed=shipped)
    with pytest.warns(RuntimeWarning, match="shipped kernel cache was not copied"):
        assert cache.seed(setup) == 0


def test_seed_copies_code_before_the_indexes_that_name_it(tmp_path, monkeypatch):
    shipped = _ship(tmp_path / "shipped")
    order = []
    real = cache.shutil.copyfile
    monkeypatch.setattr(
        cache.shutil, "copyfile", lambda a, b: (order.append(Path(a).suffix), real(a, b))[1]
    )
    cache.seed(cache.CacheSetup(cache_dir=str(tmp_path / "c"), cpu="x86-64-v3", seed=shipped))
    assert order == [".nbc", ".nbi"]


def test_seeded_folder_is_the_one_numba_reads_for_the_kernels(tmp_path, monkeypatch):
    import inspect

    from numba.core import caching

    from stark.kernels import montgomery

    monkeypatch.setattr(caching.config, "CACHE_DIR", str(tmp_path))
    function = montgomery.to_mont_array.py_func
    locator = caching.UserProvidedCacheLocator(function, inspect.getfile(function))
    assert Path(locator.get_cache_path()) == tmp_path / cache._cache_subdir(
        cache.PACKAGE / "kernels"
    )
