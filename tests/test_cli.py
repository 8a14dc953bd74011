"""The ``vn-units`` command, run as the installed console script in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from vn_units.pandas import CONVERT_COLUMNS, PARSE_COLUMNS

_SCRIPT = shutil.which("vn-units", path=str(Path(sys.executable).parent))
COMMAND = [_SCRIPT] if _SCRIPT else [sys.executable, "-m", "vn_units"]
CURRENT = ["current_" + c for c in CONVERT_COLUMNS]


def run(*argv: str, stdin: str | bytes | None = None, cwd: Path | None = None) -> tuple[
    int, str, str
]:
    """Run ``vn-units argv`` in a subprocess: (exit status, stdout, stderr)."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [*COMMAND, *argv], input=data, capture_output=True, cwd=cwd, check=False, timeout=120
    )
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)


def read_csv(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


# -- lookup --------------------------------------------------------------------------------------
def test_lookup_79_is_informative() -> None:
    status, out, _ = run("lookup", "79")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "Thành phố Hồ Chí Minh [79]"
    assert "  english name: Ho Chi Minh City" in lines
    assert any(line.startswith("  communes:") for line in lines)
    assert "  legacy codes: 74, 77, 79" in lines
    assert any("Tỉnh Bình Dương [74]" in line for line in lines)


def test_lookup_forms() -> None:
    status, out, _ = run("lookup", "00004", "--legacy")
    assert status == 0 and out.startswith("Phường Trúc Bạch [00004]")
    assert "went into:" in out
    status, out, _ = run("lookup", "Bến Thành", "--level", "commune")
    assert status == 0 and out.startswith("Phường Bến Thành [26743]")
    status, out, _ = run("lookup", "26743", "--json")
    data = json.loads(out)
    assert (data["code"], data["era"], data["level"]) == ("26743", "current", "commune")


def test_lookup_errors() -> None:
    status, _, err = run("lookup", "03")
    assert status == 1 and "no current province matches '03'" in err
    status, _, err = run("lookup", "1234")
    assert status == 2 and "add --level" in err
    status, _, err = run("lookup", "Tân Phú", "--level", "commune")
    assert status == 1 and "matches 6 units" in err
    assert 'narrow it with --within PARENT, or write "NAME, PARENT"' in err


def test_lookup_within_and_a_name_with_its_parent() -> None:
    # six current communes are called Tân Phú; one of them is in Hồ Chí Minh City
    for argv in (
        ("lookup", "Tân Phú", "--within", "79"),
        ("lookup", "Tân Phú", "--within", "Hồ Chí Minh"),
        ("lookup", "Tân Phú, Hồ Chí Minh"),
        ("lookup", "phuong tan phu, tp ho chi minh"),
    ):
        status, out, err = run(*argv)
        assert status == 0, (argv, err)
        assert out.startswith("Phường Tân Phú [27031]"), argv
    # legacy: a commune inside a district inside a province
    status, out, _ = run("lookup", "Bến Nghé, Quận 1, Hồ Chí Minh", "--legacy")
    assert status == 0 and out.startswith("Phường Bến Nghé [26740]")
    status, out, _ = run("lookup", "Bến Nghé", "--within", "760", "--legacy")
    assert status == 0 and out.startswith("Phường Bến Nghé [26740]")
    # what cannot work says why
    status, _, err = run("lookup", "Tân Phú", "--within", "Bến Thành")
    assert status == 2 and "--within takes a province or a district" in err
    status, _, err = run("lookup", "79", "--within", "01")
    assert status == 2 and "--within is for names" in err
    status, _, err = run("lookup", "Bến Thành, Hà Nội")
    assert status == 1 and "no current commune matches 'Bến Thành'" in err


def test_lookup_a_legacy_name_says_what_it_became() -> None:
    # no current province is called Bình Dương; two current communes are: the legacy
    # province comes first, then the communes
    status, out, err = run("lookup", "Bình Dương")
    assert status == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == (
        "vn-units: Bình Dương is a legacy province (until 2025-06-30), now part of "
        "Thành phố Hồ Chí Minh [79]"
    )
    assert lines[1].startswith("vn-units: 'Bình Dương' matches 2 units:")
    # no current unit at all is called Hà Giang: the legacy province, not a near miss
    status, _, err = run("lookup", "Hà Giang")
    assert status == 1
    assert err.splitlines() == [
        "vn-units: no current province matches 'Hà Giang': Hà Giang is a legacy province "
        "(until 2025-06-30), now part of Tỉnh Tuyên Quang [08]"
    ]
    status, out, _ = run("lookup", "Bình Dương", "--legacy")
    assert status == 0 and out.startswith("Tỉnh Bình Dương [74]")


def test_version() -> None:
    from vn_units import __version__, data_info

    status, out, _ = run("--version")
    assert status == 0
    assert out == f"vn-units {__version__} (data {data_info()['data_version']})\n"


def test_search() -> None:
    status, out, _ = run("search", "ben thanh", "--level", "commune", "--limit", "3")
    assert status == 0
    assert "Phường Bến Thành [26743]" in out.splitlines()[0]
    status, out, _ = run("search", "sai gon", "--json", "--level", "province")
    assert json.loads(out)[0]["code"] == "79"
    status, _, err = run("search", "qqqqqqqq")
    assert status == 1 and "nothing matches" in err


# -- one text ------------------------------------------------------------------------------------
def test_parse_one() -> None:
    status, out, _ = run("parse", "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM")
    assert status == 0
    assert re.search(r"^commune_code: +26740$", out, re.M)
    status, out, _ = run("parse", "Bến Thành, HCM", "--json")
    data = json.loads(out)
    assert (data["commune_code"], data["era"]) == ("26743", "current")


def test_convert_code_and_text() -> None:
    status, out, _ = run("convert", "09619")
    assert status == 0
    assert "was split or spread over" in out
    status, out, _ = run("convert", "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM")
    assert status == 0
    assert re.search(r"^address: +12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh$", out, re.M)
    assert "candidates:" not in out  # one commune: nothing to choose from
    status, out, _ = run("convert", "xyz")
    assert status == 1


def test_convert_a_split_commune_lists_its_candidates() -> None:
    text = "Xã Hồng Hà, Đan Phượng, Hà Nội"  # legacy 09796, split four ways
    status, out, _ = run("convert", text)
    assert status == 0
    assert re.search(
        r"^candidates: +Xã Yên Lãng \[08980\]; Xã Mê Linh \[09022\]; Xã Liên Minh \[09787\]; "
        r"Xã Ô Diên \[09817\] \(split: which one depends on the street\)$",
        out,
        re.M,
    )
    status, out, _ = run("convert", text, "--json")
    data = json.loads(out)
    assert data["is_ambiguous"] is True and data["address"] is None
    assert data["candidate_codes"] == ["08980", "09022", "09787", "09817"]  # a list, not "a,b"
    assert [c["full_name"] for c in data["candidates"]] == [
        "Xã Yên Lãng", "Xã Mê Linh", "Xã Liên Minh", "Xã Ô Diên"
    ]
    assert data["candidates"][0]["address"] == "Xã Yên Lãng, Thành phố Hà Nội"
    status, out, _ = run("convert", "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", "--json")
    assert json.loads(out)["candidate_codes"] == ["26740"]


def test_parse_and_convert_show_their_warnings() -> None:
    text = "12 Võ Văn Tần, Phường 6, Quận 3, TP HCM"  # Phường 6 went into Võ Thị Sáu in 2020
    status, out, _ = run("parse", text)
    assert status == 0
    assert re.search(r"^warnings: +the commune is written with a name from before", out, re.M)
    status, out, _ = run("convert", text)
    assert status == 0
    converted = "12 Võ Văn Tần, Phường Xuân Hòa, Thành phố Hồ Chí Minh"
    assert re.search(rf"^address: +{converted}$", out, re.M)
    assert re.search(r"^warnings: +the commune is written with a name from before", out, re.M)
    status, out, _ = run("convert", text, "--json")
    assert json.loads(out)["warnings"][0].startswith("the commune is written with a name")
    status, out, _ = run("parse", "65 Lê Lợi, P. Bến Thành, Q.1, TP.HCM")
    assert out.rstrip().endswith("warnings:")  # none


def test_a_file_without_column_is_not_read_as_an_address(tmp_path: Path) -> None:
    write_csv(tmp_path / "orders.csv", [["id", "address"], ["1", "Bến Thành, HCM"]])
    for command in ("convert", "parse"):
        status, out, err = run(command, "orders.csv", cwd=tmp_path)
        assert status == 2 and out == ""
        assert (
            f"orders.csv is a file: add --column NAME to {command} the addresses in that "
            "column (its columns are: 'id', 'address')"
        ) in err
    status, _, err = run("convert", "missing.csv", cwd=tmp_path)
    assert status == 2 and "looks like a file name, but there is no such file" in err
    status, _, err = run("convert", "-", stdin="a\nx\n")
    assert status == 2 and "standard input is a file: add --column NAME" in err


# -- a CSV column --------------------------------------------------------------------------------
def test_convert_file(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_csv(
        src,
        [
            ["id", "address", "note"],
            ["1", "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", "a, with comma"],
            ["2", "Xã Hồng Hà, Đan Phượng, Hà Nội", ""],
            ["3", "xyz", "x"],
            ["4", "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", "repeat"],
        ],
    )
    out_path = tmp_path / "out.csv"
    status, out, err = run(
        "convert", str(src), "--column", "address", "-o", str(out_path), "--progress"
    )
    assert status == 0
    assert out == ""
    assert "[##############################] 100%  4 rows" in err
    # ambiguous (a split commune) counted apart from not resolved
    assert "4 rows: 2 resolved, 1 ambiguous (several candidates), 1 not resolved" in err
    rows = read_csv(out_path.read_text(encoding="utf-8"))
    # the default prefix keeps the input's own "address" column apart from the output's
    assert list(rows[0]) == ["id", "address", "note", *CURRENT]
    assert rows[0]["address"] == "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM"
    assert rows[0]["current_address"] == "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh"
    assert rows[0]["note"] == "a, with comma"
    assert rows[0]["current_commune_code"] == "26740"
    assert rows[0]["current_is_ambiguous"] == "false"
    assert rows[1]["current_is_ambiguous"] == "true" and rows[1]["current_commune_code"] == ""
    assert rows[1]["current_candidate_codes"] == "08980,09022,09787,09817"
    assert rows[2]["current_error"] != ""
    assert rows[3]["current_address"] == rows[0]["current_address"]


def test_parse_stdin_and_prefix() -> None:
    status, out, err = run("parse", "-", "--column", "a", "--prefix", "vn_", "-q",
                           stdin='a\n"Bến Thành, HCM"\n')
    assert status == 0 and err == ""
    rows = read_csv(out)
    assert list(rows[0]) == ["a", *("vn_" + c for c in PARSE_COLUMNS)]
    assert rows[0]["vn_commune_code"] == "26743"
    status, out, _ = run("parse", "-", "--column", "a", "-q", stdin='a\n"Bến Thành, HCM"\n')
    assert list(read_csv(out)[0]) == ["a", *("parsed_" + c for c in PARSE_COLUMNS)]


def test_a_column_of_legacy_codes_is_converted() -> None:
    status, out, err = run(
        "convert", "-", "--column", "ma_xa",
        stdin="ma_xa\n26743\n09796\n02\n760\n99999\n",
    )
    assert status == 0, err
    rows = read_csv(out)
    bt, split, ha_giang, q1, missing = rows
    assert (bt["current_commune_code"], bt["current_province_code"]) == ("26743", "79")
    assert bt["current_commune_full_name"] == "Phường Bến Thành"
    assert bt["current_province_full_name"] == "Thành phố Hồ Chí Minh"
    assert bt["current_confidence"] == "1.0"
    assert bt["current_address"] == "Phường Bến Thành, Thành phố Hồ Chí Minh"
    assert bt["current_source_era"] == "legacy" and bt["current_error"] == ""
    assert split["current_is_ambiguous"] == "true"
    assert split["current_candidate_codes"] == "08980,09022,09787,09817"
    assert split["current_province_code"] == "01"
    assert (ha_giang["current_province_code"], ha_giang["current_address"]) == (
        "08", "Tỉnh Tuyên Quang"
    )
    assert q1["current_is_ambiguous"] == "true" and q1["current_province_code"] == "79"
    assert "99999" in missing["current_error"]
    assert "5 rows: 2 resolved, 2 ambiguous (several candidates), 1 not resolved" in err


def test_a_column_that_resolves_nothing_fails_clearly() -> None:
    status, _, err = run("parse", "-", "--column", "code", stdin="code\n26743\n00004\n")
    assert status == 1
    assert "no row of column 'code' resolved" in err
    status, out, _ = run("parse", "-", "--column", "code", "-q", stdin="code\n26743\n")
    assert "'26743' is a code, not an address" in read_csv(out)[0]["parsed_error"]
    status, _, err = run("convert", "-", "--column", "a", stdin="a\nxyz\nqqq\n")
    assert status == 1 and "no row of column 'a' resolved" in err


def test_delimiter_and_encoding(tmp_path: Path) -> None:
    rows = [["id", "địa chỉ"], ["1", "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM"]]
    for delimiter, name in ((";", "semi.csv"), ("\t", "tab.tsv")):
        write_csv(tmp_path / name, rows, delimiter=delimiter)
        status, out, err = run("convert", name, "--column", "địa chỉ", cwd=tmp_path)
        assert status == 0, err
        got = read_csv(out, delimiter=delimiter)  # the output keeps the input's delimiter
        assert got[0]["current_commune_code"] == "26740"
        assert got[0]["địa chỉ"] == rows[1][1]
    status, _, err = run("convert", "semi.csv", "--column", "địa chỉ", "--delimiter", ",",
                         cwd=tmp_path)
    assert status == 2 and "another delimiter? add --delimiter" in err
    # UTF-16 with a BOM is recognised; cp1258 (tones as combining marks) with --encoding
    text = "id,địa chỉ\n1,\"12 Lê Lợi, Phường Bến Nghé, Quận 1, TP.HCM\"\n"
    (tmp_path / "u16.csv").write_bytes(text.encode("utf-16"))
    (tmp_path / "cp.csv").write_bytes(_cp1258(text))
    status, out, _ = run("convert", "u16.csv", "--column", "địa chỉ", cwd=tmp_path)
    assert status == 0 and read_csv(out)[0]["current_commune_code"] == "26740"
    status, _, err = run("convert", "cp.csv", "--column", "địa chỉ", cwd=tmp_path)
    assert status == 2 and "as UTF-8" in err and "--encoding" in err
    status, _, err = run("convert", "cp.csv", "--column", "a", "--encoding", "vni", cwd=tmp_path)
    assert status == 2 and "unknown --encoding 'vni'" in err
    status, out, err = run("convert", "cp.csv", "--column", "địa chỉ", "--encoding", "cp1258",
                           cwd=tmp_path)
    assert status == 0, err
    got = {unicodedata.normalize("NFC", k): v for k, v in read_csv(out)[0].items()}
    assert got["current_commune_code"] == "26740"
    original = "12 Lê Lợi, Phường Bến Nghé, Quận 1, TP.HCM"  # decoded, tones as marks
    assert unicodedata.normalize("NFC", got["địa chỉ"]) == original


_TONES = "\u0300\u0301\u0303\u0309\u0323"  # the tone marks cp1258 keeps as combining characters


def _cp1258(text: str) -> bytes:
    """``text`` in Windows-1258 as Vietnamese Windows writes it: base letters precomposed,
    tone marks combining."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in _TONES).encode(
                "cp1258"
            )
    return bytes(out)


def test_json_with_column_is_refused(tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", [["a"], ["Bến Thành, HCM"]])
    for command in ("parse", "convert"):
        status, out, err = run(command, "a.csv", "--column", "a", "--json", cwd=tmp_path)
        assert status == 2 and out == ""
        assert "--json is for one text; with --column the output is CSV" in err


def test_batch_errors(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_csv(src, [["id", "address"], ["1", "x"]])
    status, _, err = run("convert", str(src), "--column", "addr")
    assert status == 2
    assert f"{src} has no column 'addr'; its columns are: 'id', 'address'" in err
    status, _, err = run("convert", str(tmp_path / "missing.csv"), "--column", "a")
    assert status == 2 and "cannot read" in err and "No such file" in err
    status, _, err = run("convert", str(tmp_path), "--column", "a")
    assert status == 2 and "cannot read" in err
    (tmp_path / "latin1.csv").write_bytes("a\nB\xe9n\n".encode("latin-1"))
    status, _, err = run("convert", str(tmp_path / "latin1.csv"), "--column", "a")
    assert status == 2 and "UTF-8" in err
    write_csv(src, [["address", "current_error"], ["x", "y"]])
    status, _, err = run("convert", str(src), "--column", "address")
    assert status == 2 and "already has the output column(s) 'current_error'" in err
    assert "choose another --prefix" in err
    (tmp_path / "empty.csv").write_text("")
    status, _, err = run("convert", str(tmp_path / "empty.csv"), "--column", "a")
    assert status == 2 and "empty" in err


def test_strict_exit(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_csv(src, [["a"], ["xyz"], ["Bến Thành, HCM"]])
    assert run("convert", str(src), "--column", "a")[0] == 0
    assert run("convert", str(src), "--column", "a", "--strict")[0] == 1


# -- never lose or corrupt data ------------------------------------------------------------------
def _sample(path: Path, n: int = 3) -> bytes:
    write_csv(path, [["id", "addr"], *([str(i), "Bến Thành, HCM"] for i in range(n))])
    return path.read_bytes()


def test_the_output_is_never_the_input(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    before = _sample(src)
    (tmp_path / "link.csv").symlink_to(src)
    os.link(src, tmp_path / "hard.csv")
    for argv in (
        ("in.csv", "-o", "in.csv"),
        ("in.csv", "-o", "./in.csv"),
        ("in.csv", "-o", "link.csv"),  # a symbolic link to it
        ("link.csv", "-o", "hard.csv"),  # a hard link
    ):
        status, _, err = run("convert", argv[0], "--column", "addr", *argv[1:], cwd=tmp_path)
        assert status == 2, argv
        assert "the output would overwrite the input" in err
    # standard output appended to the input would be read back for ever
    with (tmp_path / "in.csv").open("ab") as target:
        done = subprocess.run(
            [*COMMAND, "convert", "in.csv", "--column", "addr"],
            stdout=target, stderr=subprocess.PIPE, cwd=tmp_path, check=False, timeout=120,
        )
    assert done.returncode == 2
    assert b"the output would overwrite the input" in done.stderr
    assert src.read_bytes() == before


def test_stdin_redirected_from_the_output_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    before = _sample(src)
    with src.open("rb") as source:
        done = subprocess.run(
            [*COMMAND, "convert", "-", "--column", "addr", "-o", "in.csv"],
            stdin=source, capture_output=True, cwd=tmp_path, check=False, timeout=120,
        )
    assert done.returncode == 2
    assert b"the output would overwrite the input (standard input)" in done.stderr
    assert src.read_bytes() == before


def test_a_failure_part_way_leaves_the_old_output(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    good = "".join(f'{i},"Bến Thành, HCM"\n' for i in range(2000)).encode("utf-8")
    src.write_bytes(b"id,addr\n" + good + b'2001,"B\xe9n"\n')  # a bad byte after 2,000 rows
    target = tmp_path / "out.csv"
    target.write_text("what was there\n", encoding="utf-8")
    status, _, err = run("convert", "in.csv", "--column", "addr", "-o", "out.csv", cwd=tmp_path)
    assert status == 2
    assert "cannot read in.csv as UTF-8 (after 1," in err  # decoded in blocks: ~2,000 rows
    assert "out.csv was not written" in err
    assert target.read_text(encoding="utf-8") == "what was there\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]  # no temp left
    # a field over the csv module's size limit: the same
    src.write_text('id,addr\n1,"' + "x" * 200_000 + '"\n', encoding="utf-8")
    status, _, err = run("convert", "in.csv", "--column", "addr", "-o", "out.csv", cwd=tmp_path)
    assert status == 2 and "field larger than field limit" in err
    assert target.read_text(encoding="utf-8") == "what was there\n"
    # on success the file is replaced whole, keeping its permissions
    _sample(src)
    target.chmod(0o640)
    status, _, _ = run("convert", "in.csv", "--column", "addr", "-o", "out.csv", cwd=tmp_path)
    assert status == 0
    assert len(read_csv(target.read_text(encoding="utf-8"))) == 3
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_export_writes_whole_files_too(tmp_path: Path) -> None:
    status, _, err = run("export", "provinces", "-o", str(tmp_path / "no" / "dir.csv"))
    assert status == 2 and "cannot write" in err
    status, _, _ = run("export", "provinces", "-o", "p.csv", cwd=tmp_path)
    assert status == 0 and len(read_csv((tmp_path / "p.csv").read_text(encoding="utf-8"))) == 34
    assert [p.name for p in tmp_path.iterdir()] == ["p.csv"]


def test_ragged_rows_are_refused_with_their_line(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(
        'id,addr,note\n1,"Bến Thành, HCM",a\n\n2,"Bến Thành, HCM"\n3,x,y\n', encoding="utf-8"
    )
    status, out, err = run("convert", "in.csv", "--column", "addr", "-o", "out.csv",
                           cwd=tmp_path)
    assert status == 2
    assert "in.csv, line 4: 2 fields where the header has 3" in err
    assert not (tmp_path / "out.csv").exists()
    (tmp_path / "in.csv").write_text('id,addr\n1,"Bến Thành, HCM",extra\n', encoding="utf-8")
    status, _, err = run("convert", "in.csv", "--column", "addr", cwd=tmp_path)
    assert status == 2 and "line 2: 3 fields where the header has 2" in err
    # blank lines are skipped (as csv.DictReader and pandas do), never shifted
    (tmp_path / "in.csv").write_text('id,addr\n\n1,"Bến Thành, HCM"\n\n', encoding="utf-8")
    status, out, _ = run("convert", "in.csv", "--column", "addr", "-q", cwd=tmp_path)
    assert status == 0 and [r["id"] for r in read_csv(out)] == ["1"]


def test_an_unterminated_quote_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(
        'id,addr\n1,"Bến Thành, HCM"\n2,"Bến Thành, HCM\n3,x\n', encoding="utf-8"
    )
    status, _, err = run("convert", "in.csv", "--column", "addr", "-o", "out.csv",
                         cwd=tmp_path)
    assert status == 2
    assert "in.csv, line 3: a quote opened in this row is never closed" in err
    assert not (tmp_path / "out.csv").exists()
    status, _, err = run("parse", "-", "--column", "a", stdin='a\n"x"y\n')
    assert status == 2 and "line 2" in err


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="POSIX only")
def test_an_interrupted_run_leaves_the_old_output(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("what was there\n", encoding="utf-8")
    proc = subprocess.Popen(
        [*COMMAND, "convert", "-", "--column", "a", "-o", "out.csv"],
        stdin=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
    )
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write('a\n"Bến Thành, HCM"\n'.encode())
    proc.stdin.flush()  # a row is read and written; the input stays open
    for _ in range(600):  # until the temporary file exists (the row is being worked on)
        if any(p.name.endswith(".tmp") for p in tmp_path.iterdir()):
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    try:
        status = proc.wait(timeout=60)
    finally:
        proc.stdin.close()
    err = proc.stderr.read()
    assert status == 130, err
    assert b"vn-units: interrupted" in err
    assert target.read_text(encoding="utf-8") == "what was there\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # the temporary file is gone


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="no SIGPIPE")
def test_a_broken_pipe_exits_quietly_with_141() -> None:
    done = subprocess.run(
        f"{' '.join(COMMAND)} export legacy_communes | head -1; echo \"${{PIPESTATUS[0]}}\"",
        shell=True, executable="/bin/bash", capture_output=True, text=True, check=False,
        timeout=120,
    )
    assert done.stdout.splitlines()[-1] == "141"
    assert done.stdout.startswith("code,name,full_name")
    assert done.stderr == ""


# -- export and info -----------------------------------------------------------------------------
def test_export(tmp_path: Path) -> None:
    status, out, _ = run("export", "provinces")
    rows = read_csv(out)
    assert status == 0 and len(rows) == 34 and rows[0]["code"] == "01"
    target = tmp_path / "c.json"
    status, out, _ = run("export", "legacy_districts", "--format", "json", "-o", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data) == 696 and out == ""
    assert set(data[0]) >= {"code", "full_name", "province_code"}


def test_info() -> None:
    status, out, _ = run("info")
    info = json.loads(out)
    assert status == 0 and info["library_version"]


def test_usage_error_exits_2() -> None:
    status, _, err = run("export", "nope")
    assert status == 2 and "invalid choice" in err


def test_in_process_main_matches() -> None:
    """``main([...])`` (what the docs' examples call) returns the status the command exits
    with."""
    from vn_units.cli import main

    assert main(["lookup", "1234"]) == 2


def test_an_interrupt_while_the_output_opens_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vn_units import cli

    target = tmp_path / "out.csv"
    target.write_text("what was there\n", encoding="utf-8")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.os, "chmod", interrupted)  # the temporary file exists by then
    with pytest.raises(KeyboardInterrupt):
        cli._Output(str(target), io.StringIO()).__enter__()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    assert target.read_text(encoding="utf-8") == "what was there\n"
