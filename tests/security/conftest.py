import atexit
import os
import shutil
import tempfile

# Hypothesis keeps caches (constants read from the source, Unicode tables) in a .hypothesis folder
# of the working directory even with database=None. Set at collection, before any example is
# drawn, so a run leaves nothing in the checkout and starts from the same state every time.
if "HYPOTHESIS_STORAGE_DIRECTORY" not in os.environ:
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = tempfile.mkdtemp(prefix="los-hypothesis-")
    atexit.register(shutil.rmtree, os.environ["HYPOTHESIS_STORAGE_DIRECTORY"], ignore_errors=True)
