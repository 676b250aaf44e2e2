from . import test_smoke
