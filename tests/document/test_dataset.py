"""Data sets: columns, built-in generators, CSV import, and the graph.dataset field."""

import json

import numpy as np
import pytest

from gradgui.document import FileFormatError, dumps, loads
from gradgui.document.dataset import MAX_ROWS, Dataset, DatasetError, read_csv, write_csv
from gradgui.document.dataset_field import bound_dataset
from gradgui.document.generators import GENERATORS, generate
from gradgui.document.network import network_document


def test_columns_must_be_equally_long_finite_and_not_too_many():
    with pytest.raises(DatasetError, match="columns must be equally long"):
        Dataset({"a": [1.0, 2.0], "b": [1.0]})
    with pytest.raises(DatasetError, match=r"column 'a', row 1: nan is not a finite number"):
        Dataset({"a": [1.0, float("nan")]})
    with pytest.raises(DatasetError, match=r"column 'a', row 0: 'x' is not a number"):
        Dataset({"a": ["x"]})
    with pytest.raises(DatasetError, match="too many"):
        Dataset({"a": np.zeros(MAX_ROWS + 1)})
    with pytest.raises(DatasetError, match="at least one row"):
        Dataset({"a": []})
    assert Dataset({"a": np.zeros(MAX_ROWS)}).n_rows == MAX_ROWS


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_generators_are_deterministic_for_a_seed(name):
    one, again, other = generate(name, 60, seed=3), generate(name, 60, seed=3), generate(name, 60, seed=4)
    assert one == again
    assert one != other
    assert one.n_rows == 60
    assert one.recipe == {"name": name, "n": 60, "noise": one.recipe["noise"], "seed": 3}
    if name != "line":
        assert one.names == ["x1", "x2", "y"]
        y = one.column("y")
        assert set(y.tolist()) == {-1.0, 1.0}
        assert (y == 1.0).sum() == 30


def test_moons_without_noise_lie_on_their_two_half_circles():
    moons = generate("moons", 200, noise=0.0, seed=0)
    x1, x2, y = moons.column("x1"), moons.column("x2"), moons.column("y")
    upper = y == -1.0
    assert np.allclose(np.hypot(x1[upper], x2[upper]), 1.0)
    assert np.all(x2[upper] >= -1e-12)
    assert np.allclose(np.hypot(x1[~upper] - 1.0, x2[~upper] - 0.5), 1.0)
    assert np.all(x2[~upper] <= 0.5 + 1e-12)


def test_line_is_a_line_plus_noise():
    line = generate("line", 500, noise=0.0, seed=2)
    assert np.allclose(line.column("y"), 2.0 * line.column("x") - 0.5)
    noisy = generate("line", 500, noise=0.1, seed=2)
    assert 0.05 < np.std(noisy.column("y") - (2.0 * noisy.column("x") - 0.5)) < 0.15


def test_generator_settings_are_checked():
    with pytest.raises(DatasetError, match="unknown generator 'nope'"):
        generate("nope")
    with pytest.raises(DatasetError, match="n must be"):
        generate("moons", MAX_ROWS + 1)
    with pytest.raises(DatasetError, match="noise must be"):
        generate("moons", 10, noise=-1.0)
    with pytest.raises(DatasetError, match="seed must be"):
        generate("moons", 10, seed=-1)


def test_csv_round_trip():
    data = generate("circles", 25, seed=1)
    back = read_csv(write_csv(data))
    assert back == data
    assert back.recipe is None


@pytest.mark.parametrize("text, message", [
    ("a,b\n1,2\n3,x\n", "data.csv: line 3, column 'b': 'x' is not a number"),
    ("a,b\n1,2\n3\n", "data.csv: line 3: 1 values, but the header names 2 columns"),
    ("a,b\n1,inf\n", "data.csv: line 2, column 'b': 'inf' is not a finite number"),
    ("a,a\n1,2\n", "data.csv: line 1, column 2: the name 'a' is used twice"),
    ("a,\n1,2\n", "data.csv: line 1, column 2: the column has no name"),
    ("a,b\n", "data.csv: no rows of data under the header"),
    ("", "data.csv: empty: the first line must name the columns"),
])
def test_bad_csv_is_refused_in_one_line_naming_row_and_column(text, message):
    with pytest.raises(DatasetError) as error:
        read_csv(text, "data.csv")
    assert str(error.value) == message


def test_csv_with_blank_lines_and_spaces():
    data = read_csv("x, y\n 1, 2\n\n3,4\n\n")
    assert data.names == ["x", "y"]
    assert data.column("y").tolist() == [2.0, 4.0]


def _network(dataset, inputs=("x1", "x2")):
    return network_document(dataset, list(inputs), "y", hidden=(3,), activation="tanh",
                            loss="squared", seed=0)


def test_a_generator_recipe_is_saved_not_its_rows_and_loads_back():
    doc = _network(generate("moons", 1000, seed=7))
    text = dumps(doc)
    field = json.loads(text)["graph"]["dataset"]
    assert field["generator"] == {"name": "moons", "n": 1000, "noise": 0.1, "seed": 7}
    assert "columns" not in field
    bound = bound_dataset(loads(text))
    assert bound.dataset == generate("moons", 1000, seed=7)
    assert bound.inputs == {"x1": "x1", "x2": "x2"}
    assert (bound.target_node, bound.target_column) == ("y", "y")
    assert dumps(loads(text)) == text


def test_inline_columns_are_saved_and_load_back():
    data = read_csv("x1,x2,y\n0.5,1,1\n-2,0.25,-1\n")
    doc = _network(data)
    text = dumps(doc)
    assert json.loads(text)["graph"]["dataset"]["columns"]["x2"] == [1.0, 0.25]
    assert bound_dataset(loads(text)).dataset == data


def _with_field(change):
    top = json.loads(dumps(_network(read_csv("x1,x2,y\n0.5,1,1\n-2,0.25,-1\n"))))
    change(top["graph"]["dataset"])
    return json.dumps(top)


@pytest.mark.parametrize("change, message", [
    (lambda f: f["inputs"].update(x1="nope"), "'inputs' binds node 'x1' to 'nope', which is not a column"),
    (lambda f: f["inputs"].update(ghost="x1"), "'inputs' binds 'ghost', which is not a node"),
    (lambda f: f["inputs"].update({"L1.n1.w1": "x1"}), "node 'L1.n1.w1', which is 'weight', not an input"),
    (lambda f: f["columns"]["x1"].append(3.0), "columns must be equally long"),
    (lambda f: f["columns"]["x1"].__setitem__(0, "a"), "column 'x1', row 0: 'a' is not a number"),
    (lambda f: f.update(generator={"name": "moons", "n": 5, "noise": 0.1, "seed": 0}),
     "needs exactly one of 'columns'"),
    (lambda f: f.update(target={"node": "x1", "column": "y"}), "bound both to an input column and to the target"),
    (lambda f: f.update(target=3), "'target' must be an object"),
])
def test_a_bad_dataset_field_is_refused_in_one_line(change, message):
    with pytest.raises(FileFormatError) as error:
        loads(_with_field(change), "net.json")
    text = str(error.value)
    assert text.startswith("net.json: 'graph.dataset': ")
    assert message in text
    assert "\n" not in text


def test_a_bad_generator_recipe_is_refused():
    def change(field):
        del field["columns"]
        field["generator"] = {"name": "moons", "n": 0, "noise": 0.1, "seed": 0}
    with pytest.raises(FileFormatError, match="n must be a whole number"):
        loads(_with_field(change))


def test_unknown_fields_inside_the_dataset_are_kept():
    text = _with_field(lambda f: f.update(colour="teal"))
    assert json.loads(dumps(loads(text)))["graph"]["dataset"]["colour"] == "teal"


@pytest.mark.parametrize("field, message", [
    ({"lr": 0}, "'graph.training.lr' must be a finite number above 0"),
    ({"schedule": "cosine"}, "'graph.training.schedule' must be one of constant, decay"),
    ({"batch": 0}, "'graph.training.batch' must be null"),
    ({"steps": 1.5}, "'graph.training.steps' must be a whole number"),
    ([], "'graph.training' must be an object"),
])
def test_a_bad_training_field_is_refused(field, message):
    top = json.loads(dumps(_network(generate("xor", 10))))
    top["graph"]["training"] = field
    with pytest.raises(FileFormatError, match=message.replace("(", r"\(")):
        loads(json.dumps(top))
