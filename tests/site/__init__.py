"""Tests of the explorer: pages in headless Chromium, proofs verified in Pyodide, the docs."""
