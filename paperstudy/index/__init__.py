"""The search index: section-aware passages, their embeddings, BM25 keywords and hybrid search.

Modules: ``passages`` (pure cutting), ``embed`` (encoders, loaded lazily), ``static_encoder`` (the default,
shipped static model), ``model_choice`` (which model serves a library), ``indexing`` (write side,
transactional with the notes), ``keyword`` (FTS5 BM25), ``vectors`` (storage and exact scan), ``ann``
(faiss index above 200 k passages), ``fusion`` (score fusion), ``search`` (find, similar). Their SQL
and cache files are in ``paperstudy.store.passages``; reindex is ``paperstudy.reindex``. Nothing here
imports sentence-transformers at import time.
"""
