"""The browser layers stored in the cache folder (#15): the same layers as prepared fresh, rebuilt when damaged."""

from __future__ import annotations

import json

from corridors import cached


def test_stored_layers_are_the_prepared_layers_and_a_damaged_file_is_prepared_again(tmp_path):
    fresh = cached._prepare_layers()
    stored = cached._stored_layers(tmp_path)
    (path,) = tmp_path.glob("browser-layers-*.json")
    assert stored == json.loads(json.dumps(fresh))
    assert cached._stored_layers(tmp_path) == stored  # read back from the file
    assert len(stored["segments"]["features"]) > 10 and stored["basemap"]["features"]

    path.write_text('{"segments": ', encoding="utf-8")  # a file cut short by a killed write
    assert cached._stored_layers(tmp_path) == stored
    assert json.loads(path.read_text(encoding="utf-8")) == stored


def test_the_key_names_every_layer_file():
    key = cached._layers_key()
    assert key == cached._layers_key() and len(key) == 16
    root = cached.Path(cached.__file__).resolve().parents[1]
    assert any(root.glob(cached._LAYER_INPUTS[0])), "the layer files are where the key looks"
