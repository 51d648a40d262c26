"""Ways to run a batch ingest's stages: the local process pool lives in ``paperstudy.pipeline``; Ray
(``paperstudy.engines.ray_engine``, the ``cluster`` extra) runs the same stage functions as Ray Data
stages and streams their results to the same library writer."""
