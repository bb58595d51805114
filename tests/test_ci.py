"""The CI files: actionlint and the published schemas accept them, and every command they run exists.

The linters come from Python packages pinned in pyproject.toml (the ``test``
extra): actionlint's binary ships in its wheel, the GitHub workflow and GitLab
CI schemas ship inside check-jsonschema, so nothing is downloaded. actionlint
checks the shell scripts of ``run:`` steps with shellcheck, which ``./run.sh
test`` installs. Each linter is also shown a broken copy, to prove it is
really checking.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

import build

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
GITLAB_CI = ROOT / ".gitlab-ci.yml"
BIN = Path(sys.executable).parent
ACTIONLINT = BIN / "actionlint"
CHECK_JSONSCHEMA = BIN / "check-jsonschema"


def run(*command: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, timeout=120, check=False)


def load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def broken_copy(source: Path, folder: Path, old: str, new: str) -> Path:
    """A copy of a CI file with one deliberate mistake."""
    text = source.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {source.name}; update the test's mistake"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / source.name
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


# --- linting and schemas --------------------------------------------------------------------------------------------

def test_the_workflows_are_there() -> None:
    assert sorted(path.name for path in WORKFLOWS.glob("*.yml")) == ["lecture.yml", "release.yml"]
    assert GITLAB_CI.is_file()


@pytest.mark.parametrize("workflow", ["lecture.yml", "release.yml"])
def test_actionlint_accepts_the_workflow(workflow: str) -> None:
    assert shutil.which("shellcheck"), "actionlint lints run: scripts with shellcheck: apt-get install shellcheck"
    result = run(ACTIONLINT, "-no-color", WORKFLOWS / workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_rejects_a_broken_workflow(tmp_path: Path) -> None:
    copy = broken_copy(WORKFLOWS / "lecture.yml", tmp_path / ".github" / "workflows",
                       "SHARD: ${{ matrix.shard }}/", "SHARD: ${{ matrix.shards }}/")
    result = run(ACTIONLINT, "-no-color", copy)
    assert result.returncode == 1 and 'property "shards" is not defined' in result.stdout, result.stdout


@pytest.mark.parametrize("workflow", ["lecture.yml", "release.yml"])
def test_the_workflow_matches_the_github_schema(workflow: str) -> None:
    result = run(CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", WORKFLOWS / workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_github_schema_rejects_a_broken_workflow(tmp_path: Path) -> None:
    copy = broken_copy(WORKFLOWS / "lecture.yml", tmp_path, "    runs-on: ubuntu-24.04", "    run-on: ubuntu-24.04")
    result = run(CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", copy)
    assert result.returncode == 1 and "Schema validation errors" in result.stdout, result.stdout


def test_the_gitlab_file_matches_the_gitlab_schema() -> None:
    result = run(CHECK_JSONSCHEMA, "--builtin-schema", "vendor.gitlab-ci", GITLAB_CI)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_gitlab_schema_rejects_a_broken_file(tmp_path: Path) -> None:
    copy = broken_copy(GITLAB_CI, tmp_path, "  parallel: 2\n", "  parallel: two\n")
    result = run(CHECK_JSONSCHEMA, "--builtin-schema", "vendor.gitlab-ci", copy)
    assert result.returncode == 1 and "Schema validation errors" in result.stdout, result.stdout


# --- the commands inside are the README's commands ------------------------------------------------------------------

@dataclass(frozen=True)
class Invocation:
    where: str
    words: tuple[str, ...]  # from ./run.sh or build.py on, variables filled in

    def __str__(self) -> str:
        return f"{self.where}: {shlex.join(self.words)}"


def _fill(word: str, values: dict[str, str]) -> str:
    """Fill in the CI's ``${{ expression }}`` and ``$VARIABLE`` with the values of one job of the matrix."""
    word = re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda match: values.get(match[1], match[0]), word)
    return re.sub(r"\$\{?(\w+)\}?", lambda match: values.get(match[1], match[0]), word)


def invocations(script: str, where: str, values: dict[str, str]) -> list[Invocation]:
    """Each ``./run.sh …`` and ``… build.py …`` of a shell script, up to the next operator or line."""
    found = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words = list(lexer)
        for start, word in enumerate(words):
            if word == "./run.sh" or word.endswith("build.py"):
                end = start + 1
                while end < len(words) and not set(words[end]) <= set("&|;<>()"):
                    end += 1
                found.append(Invocation(where, tuple(_fill(part, values) for part in words[start:end])))
    return found


def github_invocations(path: Path) -> list[Invocation]:
    workflow = load(path)
    found = []
    for name, job in workflow["jobs"].items():
        shards = job.get("strategy", {}).get("matrix", {}).get("shard", [1])
        values = {"matrix.shard": str(shards[0]), "strategy.job-total": str(len(shards))}
        for step in job["steps"]:
            if "run" in step:
                env = {**workflow.get("env", {}), **job.get("env", {}), **step.get("env", {})}
                step_values = values | {key: _fill(str(value), values) for key, value in env.items()}
                found += invocations(step["run"], f"{path.name} {name}", step_values)
    return found


def gitlab_invocations(path: Path) -> list[Invocation]:
    found = []
    for name, job in load(path).items():
        if not isinstance(job, dict) or name.startswith(".") or "script" not in job:
            continue
        values = {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": str(job.get("parallel", 1))}
        for key in ("before_script", "script", "after_script"):
            for line in job.get(key, []):
                found += invocations(line, f"{path.name} {name}", values)
    return found


def run_sh_commands() -> set[str]:
    """The commands run.sh's case statement accepts."""
    text = (ROOT / "run.sh").read_text(encoding="utf-8")
    return set(re.findall(r"^  ([a-z]+)\)$", text, flags=re.MULTILINE))


def check(invocation: Invocation) -> tuple[str, dict]:
    """Parse an invocation as the real command line would, failing on an unknown command, option or value."""
    words = list(invocation.words)
    if words[0] == "./run.sh":
        assert words[1] in run_sh_commands(), f"{invocation}: run.sh has no command {words[1]!r}"
        if words[1] == "test":
            return "test", {}
        name, arguments = "render", words[2:]  # ./run.sh lecture passes its options to build.py render
    else:
        name, arguments = words[1], words[2:]
    command = build.cli.commands.get(name)
    assert command is not None, f"{invocation}: build.py has no command {name!r}"
    try:
        context = command.make_context(name, arguments)
        build._select(context.params.get("chapters", ()))
    except click.ClickException as error:
        pytest.fail(f"{invocation}: {error.format_message()}")
    return name, context.params


ALL_INVOCATIONS = [*github_invocations(WORKFLOWS / "lecture.yml"), *github_invocations(WORKFLOWS / "release.yml"),
                   *gitlab_invocations(GITLAB_CI)]


@pytest.mark.parametrize("invocation", ALL_INVOCATIONS, ids=str)
def test_each_command_in_the_ci_files_exists(invocation: Invocation) -> None:
    check(invocation)


def test_the_command_check_catches_a_wrong_option() -> None:
    with pytest.raises(pytest.fail.Exception, match="No such option"):
        check(Invocation("made up", ("./run.sh", "lecture", "--shards", "1/2")))
    with pytest.raises(pytest.fail.Exception, match="K must be between 1 and N"):
        check(Invocation("made up", ("./run.sh", "lecture", "--shard", "3/2")))
    with pytest.raises(pytest.fail.Exception, match="no chapter fi"):
        check(Invocation("made up", ("build.py", "sheet", "--out", "output", "fi")))
    with pytest.raises(AssertionError, match="no command 'lectures'"):
        check(Invocation("made up", ("./run.sh", "lectures")))


@pytest.mark.parametrize(("files", "render_quality"), [
    ([WORKFLOWS / "lecture.yml"], "smoke"),
    ([WORKFLOWS / "release.yml"], "fhd"),
    ([GITLAB_CI], "smoke"),
    ([GITLAB_CI], "fhd"),
], ids=["github-lecture", "github-release", "gitlab-smoke", "gitlab-fhd"])
def test_the_pipelines_render_in_shards_then_assemble(files: list[Path], render_quality: str) -> None:
    """Every shard of the matrix is rendered once, and the shards are joined at the same preset."""
    found = [check(invocation) for path in files
             for invocation in (gitlab_invocations(path) if path == GITLAB_CI else github_invocations(path))]
    renders = [params for name, params in found if name == "render" and params["quality"] == render_quality]
    sharded = [params for params in renders if params["shard"] is not None]
    assert sharded, f"no --shard render at {render_quality}"
    assert all(params["shard"] == (1, sharded[0]["shard"][1]) for params in sharded)  # the first job of the matrix
    joined = [params for name, params in found if params.get("quality") == render_quality and (
        name == "assemble" or (name == "render" and params["shard"] is None and not params["chapters"]))]
    assert joined, f"the {render_quality} shards are never joined"


def test_the_smoke_pipelines_test_and_write_the_review_sheet() -> None:
    for path, found in ((WORKFLOWS / "lecture.yml", github_invocations(WORKFLOWS / "lecture.yml")),
                        (GITLAB_CI, gitlab_invocations(GITLAB_CI))):
        names = [check(invocation) for invocation in found]
        assert ("test", {}) in names, f"{path.name} does not run the test suite"
        sheets = [params for name, params in names if name == "sheet"]
        assert any(params["compare_dir"] is None for params in sheets), f"{path.name}: no review sheet"
        assert any(params["compare_dir"] is not None for params in sheets), f"{path.name}: no comparison"


def test_render_help_lists_shard() -> None:
    result = CliRunner().invoke(build.cli, ["render", "--help"])
    assert result.exit_code == 0 and "--shard K/N" in result.output


def test_run_sh_names_its_two_commands() -> None:
    result = run("bash", ROOT / "run.sh", "no-such-command")
    assert result.returncode == 2
    assert "./run.sh lecture" in result.stderr and "./run.sh test" in result.stderr
    assert run_sh_commands() == {"lecture", "test"}
