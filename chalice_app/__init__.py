"""The Chalice project deploying the prover chain (``app.py``, ``.chalice/``, ``build.py``)."""
