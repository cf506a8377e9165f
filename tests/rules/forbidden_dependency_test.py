from __future__ import annotations

from tests.rules.helpers import check, config

RULE = """
- id: no-pandas-dep
  kind: forbidden-dependency
  message: core must not depend on pandas
  packages: [pandas, scikit_learn]
"""


def found(files: dict[str, str]) -> list[tuple[str, int]]:
    return [(f.path, f.line) for f in check(config(RULE), files) if f.rule == "no-pandas-dep"]


def test_pep621_and_optional_dependencies() -> None:
    pyproject = (
        '[project]\nname = "x"\ndependencies = [\n  "click>=8",\n'
        "  \"Pandas>=2 ; python_version>'3.9'\",\n]\n"
        '[project.optional-dependencies]\nml = ["scikit-learn==1.4"]\n'
    )
    assert found({"pyproject.toml": pyproject}) == [("pyproject.toml", 5), ("pyproject.toml", 8)]


def test_poetry_tables() -> None:
    pyproject = (
        '[tool.poetry.dependencies]\npython = "^3.10"\npandas = "^2.0"\n'
        '[tool.poetry.group.dev.dependencies]\nScikit_Learn = {version = "^1.4"}\n'
    )
    assert found({"pyproject.toml": pyproject}) == [("pyproject.toml", 3), ("pyproject.toml", 5)]


def test_requirements_with_includes_comments_and_options() -> None:
    files = {
        "requirements.txt": "# pandas is not here\nclick  # pandas\n-r requirements/base.txt\n",
        "requirements/base.txt": "--index-url https://example.com\npandas[excel]==2.1\n",
    }
    assert found(files) == [("requirements.txt", 3), ("requirements/base.txt", 2)]


def test_requirements_names_are_compared_exactly_after_normalisation() -> None:
    files = {"requirements-dev.txt": "pandas-stubs\npandas_extras\nPANDAS\n"}
    assert found(files) == [("requirements-dev.txt", 3)]


def test_setup_cfg() -> None:
    cfg = (
        "[metadata]\nname = x\n[options]\ninstall_requires =\n    click\n    pandas>=2\n"
        "[options.extras_require]\nml = scikit-learn\n"
    )
    assert found({"setup.cfg": cfg}) == [("setup.cfg", 6), ("setup.cfg", 8)]


def test_other_files_are_not_manifests() -> None:
    assert found({"docs/requirements.md": "pandas\n", "notes.txt": "pandas\n"}) == []


def test_invalid_toml_is_a_warning() -> None:
    (warning,) = check(config(RULE), {"pyproject.toml": "[project\n"})
    assert warning.rule == "wsguard/unreadable"
    assert "cannot parse" in warning.message
