"""The one CSV reader (engine/csv_reader.py): the command line's ``load_csv`` and the import
dialog's ``read_table`` + ``dataset_of`` now read every file by the same rules.

Before, they were two parsers that disagreed: a line of commas (",,") was skipped by the
dialog but refused by ``load_csv``; a file over 64 MB was refused only by the dialog; a binary
file was "not a text file" to one and "not a UTF-8 text file" to the other.
"""
import numpy as np
import pytest

from engine import csv_reader
from engine.csv_reader import DataError, read_table
from engine.datasets import load_csv
from playground.dialogs import csv_import


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def both_ways(path):
    """``(dataset or message)`` of the command line's reader and of the dialog's."""
    results = []
    for read in (lambda: load_csv(path, 2, 1),
                 lambda: csv_import.dataset_of(csv_import.read_table(path), [0, 1], [2])):
        try:
            d = read()
            results.append((d.name, d.kind, d.x.tolist(), d.t.tolist()))
        except DataError as e:
            results.append(str(e))
    return results


TEXTS = {
    "a line of commas": "x,y,t\n1,2,1\n,,\n3,4,0\n",
    "a line of spaced commas": "1,2,1\n , , \n3,4,0\n",
    "header, blank lines, spaces": "a, b ,t\n\n 0.5 ,-1, 1\n   \n2,3e-1,0\n",
    "no header, regression": "1,2,0.25\n3,4,1\n",
    "a short row": "x,y,t\n1,2,1\n3,4\n",
    "a word": "1,2,1\n1,abc,0\n",
    "infinity": "1,2,1\n-inf,2,0\n",
    "a header only": "x,y,t\n\n",
    "empty": "",
}


@pytest.mark.parametrize("case", TEXTS)
def test_the_command_line_and_the_dialog_read_a_file_alike(tmp_path, case):
    cli, dialog = both_ways(write(tmp_path, TEXTS[case]))
    assert cli == dialog


def test_a_line_of_commas_is_refused_by_both_naming_its_line(tmp_path):
    # The old dialog skipped it as blank; the command line refused it. Refusing is the stricter
    # rule: an empty field is not a number, and a silently dropped row would go unseen.
    cli, dialog = both_ways(write(tmp_path, TEXTS["a line of commas"]))
    assert isinstance(cli, str) and "line 3" in cli and "'' is not a number" in cli
    assert dialog == cli


def test_a_binary_file_gets_the_same_message_both_ways(tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes(b"\xff\xfe\x00\x01garbage")
    cli, dialog = both_ways(path)
    assert cli == dialog and "not a UTF-8 text file" in cli and str(path) in cli


def test_the_size_limit_holds_for_the_command_line_too(tmp_path, monkeypatch):
    path = write(tmp_path, "1,2,1\n" * 100)
    assert len(load_csv(path, 2, 1)) == 100
    monkeypatch.setattr(csv_reader, "MAX_BYTES", 600)  # the file is exactly 600 bytes
    assert len(load_csv(path, 2, 1)) == 100
    monkeypatch.setattr(csv_reader, "MAX_BYTES", 500)
    cli, dialog = both_ways(path)
    assert cli == dialog and "larger than" in cli


def test_a_table_keeps_line_numbers_header_and_fields(tmp_path):
    table = read_table(write(tmp_path, "\ufeffa,, label \n\n1, 2 ,cat\n3,4,dog\n"))
    assert table.header == ["a", "", "label"] and table.header_line == 1
    assert table.rows == [(3, ["1", " 2 ", "cat"]), (4, ["3", "4", "dog"])]  # as written
    assert table.names() == ["a", "column 2", "label"] and table.width == 3
    assert table.numbers([1, 0]).tolist() == [[2.0, 1.0], [4.0, 3.0]]  # the words unused
    with pytest.raises(DataError, match=r"line 3: column 3 \(label\): 'cat' is not a number"):
        table.numbers([0, 2])


def test_numbers_are_float64_and_exact(tmp_path):
    values = [0.1, -2.5e-300, 1 / 3]
    table = read_table(write(tmp_path, ",".join(repr(v) for v in values) + "\n"))
    got = table.numbers(range(3))
    assert got.dtype == np.float64 and got.tolist() == [values]


def test_the_command_line_names_the_columns_it_needs(tmp_path):
    path = write(tmp_path, "x1,x2,x3,t\n1,2,3,1\n")
    with pytest.raises(DataError) as e:
        load_csv(path, 2, 1)
    assert "line 1: expected 3 columns (2 inputs, 1 target), found 4" in str(e.value)
    assert load_csv(path, 3, 1).x.tolist() == [[1, 2, 3]]


@pytest.mark.parametrize("text, line", [('1,2,1\n"3"x,4,0\n', 2), ('1,2,1\n3,4,"0\n', 2)])
def test_a_broken_quote_is_refused_naming_the_file_and_line(tmp_path, text, line):
    # Neither old parser asked for well-formed quotes: '"3"x' was read as the word 3x.
    with pytest.raises(DataError, match=rf"data\.csv: line {line}: "):
        read_table(write(tmp_path, text))


@pytest.mark.parametrize("cell", ["1_000", "1_0.5", "\u0663", "\uff11"])  # ٣, a fullwidth 1
def test_a_number_is_plain_ascii_digits_without_underscores(tmp_path, cell):
    """float() reads all of these (1_000 as 1000); a CSV number is what DESIGN.md writes."""
    table = read_table(write(tmp_path, f"x,y\n1,2\n3,{cell}\n"))
    with pytest.raises(DataError, match=rf"line 3: column 2 \(y\): '{cell}' is not a number"):
        table.numbers([0, 1])


def test_a_header_in_any_script_keeps_plain_numbers_readable(tmp_path):
    table = read_table(write(tmp_path, "température,été_2\n1,2.5e-3\n-3,4\n"))
    assert table.header == ["température", "été_2"]
    assert table.numbers([0, 1]).tolist() == [[1, 2.5e-3], [-3, 4]]


def test_a_long_cell_is_refused_while_reading_naming_the_line(tmp_path):
    from engine.limits import MAX_CELL
    fits = "1" * MAX_CELL  # a long number: read as a (huge) float, then refused as infinite
    assert read_table(write(tmp_path, f"1,2\n3,{fits}\n")).rows[1][1][1] == fits
    with pytest.raises(DataError, match=rf"line 3: a field longer than {MAX_CELL} characters"):
        read_table(write(tmp_path, f"1,2\n3,4\n5,{fits}1\n"))
    import csv
    assert csv.field_size_limit() == 131072  # the module's own limit is left as it was
