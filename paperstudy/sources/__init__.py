"""Search sources: arXiv and Google Scholar behind one ``Source`` protocol, plus the merge of their hits.

The network code lives in ``http`` alone; sources turn a ``Search`` into request URLs and parse response
bytes, so tests replay recorded traffic at the transport level.
"""
