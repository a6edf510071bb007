"""The bundled all-MiniLM-L6-v2 loads offline, quietly, and embeds by meaning."""
from __future__ import annotations

import numpy as np

from explorer.core.embedding import SentenceTransformerEmbedder


def test_bundled_model_loads_offline_without_noise_and_embeds_by_meaning(capfd):
    emb = SentenceTransformerEmbedder()
    v = emb.encode(["The cat sat on the mat.", "A kitten rested on the rug.", "Quarterly tax filing deadlines."])
    err = capfd.readouterr().err
    assert "Loading weights" not in err and "%|" not in err, err  # no progress bar on the user's terminal
    v = np.asarray(v)
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2
