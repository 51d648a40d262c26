"""The search index: section-aware passages, their embeddings, BM25 keywords and hybrid search.

Modules: ``passages`` (pure cutting), ``embed`` (lazy encoders), ``indexing`` (write side, transactional
with the notes), ``keyword`` (FTS5 BM25), ``vectors`` (storage and exact scan), ``fusion`` (RRF),
``search`` (find, similar), ``rebuild`` (reindex). Nothing here imports sentence-transformers at import time.
"""
