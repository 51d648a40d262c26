"""What the Streamlit app shows, as library functions: the pages only lay these out.

Nothing here imports Streamlit. Each module serves one concern and returns plain data: ``handle`` (the
cached connection factory), ``domains``, ``paper`` (the note, rendered pages and regions, the user's
notes saved safely), ``adding`` (search → download → ingest with progress) and ``study`` (quiz, ask and
progress helpers).

SQLite connections belong to one thread, and Streamlit runs every script run in a thread of its own, so
the app caches a ``LibraryHandle`` (a connection *factory*) and asks it for the current thread's library.
"""
