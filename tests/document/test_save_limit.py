"""Whatever gradgui writes, gradgui reads: a save never makes a file that Open refuses.

The size limit is a parameter of load and save, so the boundary is tested
with small files.
"""

import json

import pytest

from gradgui import examples_dir
from gradgui.document import AddNode, GraphDocument
from gradgui.document.fileformat import (MAX_BYTES, FileFormatError, dumps, encode, load, loads,
                                         save)

NEURON = examples_dir() / "neuron.json"


def neuron(extra_nodes: int = 0) -> GraphDocument:
    doc = load(NEURON)
    for i in range(extra_nodes):
        AddNode(f"c{i}", "const", value=i + 0.5, pos=(i * 1.0, 2.0),
                extra={"note": "é" * (i % 3)} if i % 2 else None).do(doc)
    return doc


def sizes(doc) -> tuple:
    """The size of ``doc``'s file as gradgui writes it normally, and without spaces."""
    indented = len(encode(doc, limit=10 ** 9))
    compact = indented
    while True:  # the smallest limit that still saves is the compact size
        try:
            compact = len(encode(doc, limit=compact - 1))
        except FileFormatError:
            return indented, compact


def test_the_default_limit_is_the_one_open_uses():
    doc = neuron()
    assert encode(doc) == encode(doc, limit=MAX_BYTES) == dumps(doc).encode()


def test_below_the_normal_size_the_file_is_written_without_spaces_and_still_opens(tmp_path):
    doc = neuron(5)
    indented, compact = sizes(doc)
    assert compact < indented * 0.9
    path = tmp_path / "g.json"
    save(doc, path, limit=indented)
    assert path.read_bytes() == dumps(doc).encode()
    save(doc, path, limit=indented - 1)
    data = path.read_bytes()
    assert len(data) == compact and b", " not in data and b"\n" not in data
    again = load(path, limit=indented - 1)
    assert dumps(again) == dumps(doc)
    save(again, path, limit=indented - 1)
    assert path.read_bytes() == data  # saving twice gives the same bytes


@pytest.mark.parametrize("over", [1, 2, 100])
def test_a_save_that_open_would_refuse_is_refused_in_one_line_and_the_old_file_kept(tmp_path,
                                                                                     over):
    doc = neuron(5)
    _, compact = sizes(doc)
    path = tmp_path / "big.json"
    path.write_bytes(b"the old file")
    with pytest.raises(FileFormatError) as refused:
        save(doc, path, limit=compact - over)
    message = str(refused.value)
    assert message.startswith("big.json: cannot save: ") and "\n" not in message
    assert f"{compact:,} bytes" in message and f"the {compact - over:,} bytes" in message
    assert path.read_bytes() == b"the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.json"]


@pytest.mark.parametrize("extra_nodes", [0, 3, 40])
def test_at_every_limit_near_the_boundary_a_save_either_opens_again_or_is_refused(tmp_path,
                                                                                  extra_nodes):
    doc = neuron(extra_nodes)
    indented, compact = sizes(doc)
    path = tmp_path / "g.json"
    for limit in sorted({n + d for n in (indented, compact) for d in range(-3, 4)}):
        path.write_bytes(b"old")
        try:
            save(doc, path, limit=limit)
        except FileFormatError:
            assert limit < compact and path.read_bytes() == b"old"
            continue
        assert limit >= compact and path.stat().st_size <= limit
        assert dumps(load(path, limit=limit)) == dumps(doc)


def test_a_compact_file_opened_and_saved_again_stays_within_the_limit(tmp_path):
    written = json.loads(dumps(neuron(10)))
    text = json.dumps(written, separators=(",", ":"), ensure_ascii=False)
    limit = len(text.encode())
    doc = loads(text, limit=limit)
    path = tmp_path / "compact.json"
    save(doc, path, limit=limit)
    assert dumps(load(path, limit=limit)) == dumps(doc)


def test_a_file_whose_own_form_is_larger_opens_but_saving_it_says_why_not(tmp_path):
    # Labels and positions left out are written back in full: more bytes.
    nodes = [{"id": f"n{i}", "kind": "const", "value": 1} for i in range(20)]
    text = json.dumps({"directed": True, "multigraph": True, "graph": {"format": "gradgui",
                       "version": 1}, "nodes": nodes, "edges": []}, separators=(",", ":"))
    limit = len(text)
    doc = loads(text, limit=limit)
    path = tmp_path / "short.json"
    path.write_text(text)
    with pytest.raises(FileFormatError, match="cannot save: the file would be"):
        save(doc, path, limit=limit)
    assert path.read_text() == text


def test_a_file_over_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "g.json"
    save(neuron(), path)
    size = path.stat().st_size
    assert load(path, limit=size)
    with pytest.raises(FileFormatError, match="too big"):
        load(path, limit=size - 1)
    with pytest.raises(FileFormatError, match="too big"):
        loads(path.read_text(), limit=size - 1)
