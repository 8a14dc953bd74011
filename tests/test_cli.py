"""The ``vn-units`` command, through ``main([...])`` and once as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vn_units.cli import main
from vn_units.pandas import CONVERT_COLUMNS, PARSE_COLUMNS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_lookup_79_is_informative(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "lookup", "79")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "Thành phố Hồ Chí Minh [79]"
    assert "  english name: Ho Chi Minh City" in lines
    assert any(line.startswith("  communes:") for line in lines)
    assert "  legacy codes: 74, 77, 79" in lines
    assert any("Tỉnh Bình Dương [74]" in line for line in lines)


def test_lookup_forms(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "lookup", "00004", "--legacy")
    assert status == 0 and out.startswith("Phường Trúc Bạch [00004]")
    assert "went into:" in out
    status, out, _ = run(capsys, "lookup", "Bến Thành", "--level", "commune")
    assert status == 0 and out.startswith("Phường Bến Thành [26743]")
    status, out, _ = run(capsys, "lookup", "26743", "--json")
    data = json.loads(out)
    assert (data["code"], data["era"], data["level"]) == ("26743", "current", "commune")


def test_lookup_errors(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "lookup", "03")
    assert status == 1 and "no current province matches '03'" in err
    status, _, err = run(capsys, "lookup", "1234")
    assert status == 2 and "add --level" in err
    status, _, err = run(capsys, "lookup", "Tân Phú", "--level", "commune")
    assert status == 1 and "matches" in err


def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "search", "ben thanh", "--level", "commune", "--limit", "3")
    assert status == 0
    assert "Phường Bến Thành [26743]" in out.splitlines()[0]
    status, out, _ = run(capsys, "search", "sai gon", "--json", "--level", "province")
    assert json.loads(out)[0]["code"] == "79"
    status, _, err = run(capsys, "search", "qqqqqqqq")
    assert status == 1 and "nothing matches" in err


def test_parse_one(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "parse", "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM")
    assert status == 0
    assert re.search(r"^commune_code: +26740$", out, re.M)
    status, out, _ = run(capsys, "parse", "Bến Thành, HCM", "--json")
    data = json.loads(out)
    assert (data["commune_code"], data["era"]) == ("26743", "current")


def test_convert_code_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "convert", "09619")
    assert status == 0
    assert "was split or spread over" in out
    status, out, _ = run(capsys, "convert", "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM")
    assert status == 0
    assert re.search(r"^address: +12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh$", out, re.M)
    status, out, _ = run(capsys, "convert", "xyz")
    assert status == 1


def test_parse_and_convert_show_their_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    text = "12 Võ Văn Tần, Phường 6, Quận 3, TP HCM"  # Phường 6 went into Võ Thị Sáu in 2020
    status, out, _ = run(capsys, "parse", text)
    assert status == 0
    assert re.search(r"^warnings: +the commune is written with a name from before", out, re.M)
    status, out, _ = run(capsys, "convert", text)
    assert status == 0
    converted = "12 Võ Văn Tần, Phường Xuân Hòa, Thành phố Hồ Chí Minh"
    assert re.search(rf"^address: +{converted}$", out, re.M)
    assert re.search(r"^warnings: +the commune is written with a name from before", out, re.M)
    status, out, _ = run(capsys, "convert", text, "--json")
    assert json.loads(out)["warnings"][0].startswith("the commune is written with a name")
    status, out, _ = run(capsys, "parse", "65 Lê Lợi, P. Bến Thành, Q.1, TP.HCM")
    assert out.rstrip().endswith("warnings:")  # none


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def test_convert_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    write_csv(
        src,
        [
            ["id", "addr", "note"],
            ["1", "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", "a, with comma"],
            ["2", "Xã Hồng Hà, Đan Phượng, Hà Nội", ""],
            ["3", "xyz", "x"],
            ["4", "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", "repeat"],
        ],
    )
    out_path = tmp_path / "out.csv"
    status, out, err = run(
        capsys, "convert", str(src), "--column", "addr", "-o", str(out_path), "--progress"
    )
    assert status == 0
    assert out == ""
    assert "[##############################] 100%  4 rows" in err
    assert "4 rows, 1 not resolved" in err
    with out_path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["id", "addr", "note", *CONVERT_COLUMNS]
    assert rows[0]["note"] == "a, with comma"
    assert rows[0]["commune_code"] == "26740"
    assert rows[0]["is_ambiguous"] == "false"
    assert rows[1]["is_ambiguous"] == "true" and rows[1]["commune_code"] == ""
    assert rows[2]["error"] != ""
    assert rows[3]["address"] == rows[0]["address"]


def test_parse_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('a\n"Bến Thành, HCM"\n'))
    status, out, err = run(capsys, "parse", "-", "--column", "a", "--prefix", "vn_", "-q")
    assert status == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["a", *("vn_" + c for c in PARSE_COLUMNS)]
    assert rows[0]["vn_commune_code"] == "26743"


def test_batch_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    write_csv(src, [["id", "address"], ["1", "x"]])
    status, _, err = run(capsys, "convert", str(src), "--column", "addr")
    assert status == 2
    assert f"{src} has no column 'addr'; its columns are: 'id', 'address'" in err
    status, _, err = run(capsys, "convert", str(tmp_path / "missing.csv"), "--column", "a")
    assert status == 2 and "cannot read" in err and "No such file" in err
    status, _, err = run(capsys, "convert", str(tmp_path), "--column", "a")
    assert status == 2 and "cannot read" in err
    (tmp_path / "latin1.csv").write_bytes("a\nB\xe9n\n".encode("latin-1"))
    status, _, err = run(capsys, "convert", str(tmp_path / "latin1.csv"), "--column", "a")
    assert status == 2 and "UTF-8" in err
    write_csv(src, [["address", "error"], ["x", "y"]])
    status, _, err = run(capsys, "convert", str(src), "--column", "address")
    assert status == 2 and "--prefix" in err
    (tmp_path / "empty.csv").write_text("")
    status, _, err = run(capsys, "convert", str(tmp_path / "empty.csv"), "--column", "a")
    assert status == 2 and "empty" in err


def test_strict_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    write_csv(src, [["a"], ["xyz"]])
    assert run(capsys, "convert", str(src), "--column", "a", "--strict")[0] == 1


def test_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "export", "provinces")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and len(rows) == 34 and rows[0]["code"] == "01"
    target = tmp_path / "c.json"
    status, out, _ = run(
        capsys, "export", "legacy_districts", "--format", "json", "-o", str(target)
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data) == 696 and out == ""
    assert set(data[0]) >= {"code", "full_name", "province_code"}


def test_info(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "info")
    info = json.loads(out)
    assert status == 0 and info["library_version"]


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", "nope"])
    assert exc.value.code == 2


def test_console_script_in_a_subprocess(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_csv(src, [["addr"], ["Bến Thành, HCM"]])
    script = shutil.which("vn-units", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "vn_units"]
    done = subprocess.run(
        [*command, "convert", str(src), "--column", "addr"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows[0]["commune_code"] == "26743"
    assert "1 rows, 0 not resolved" in done.stderr
    assert "%" not in done.stderr  # no progress bar when stderr is not a terminal
